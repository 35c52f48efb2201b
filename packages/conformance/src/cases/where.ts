import { where } from '@othergrad/core'
import { op, throws, type ConformanceCase } from '../case'

export const whereCases: ConformanceCase[] = [
  op('where', '3x4', (c, a, b) => where(c, a, b)),
  op('where', 'cond-broadcast', (c, a, b) => where(c, a, b)),
  op('where', 'all-broadcast', (c, a, b) => where(c, a, b)),
  op('where', 'rank-mismatch', (c, a, b) => where(c, a, b)),
  op('where', 'x,0', (c, x) => x.where(c, 0)),
  op('where', '0-d', (c, a, b) => where(c, a, b)),
  op('where', 'scalar-cond', (c, a, b) => where(c, a, b)),
  op('where', 'gradgrad', (c, x, y) => where(c, x.mul(x), y.exp())),
  throws('where', 'rejects a float condition', (ctx) => where(ctx.randn([3]), ctx.randn([3]), 0), /expected condition to be a bool tensor/),
  throws('where', 'rejects shapes that do not broadcast', (ctx) => where(ctx.randn([3]).gt(0), ctx.randn([4]), 0), /cannot be broadcast/),
]
