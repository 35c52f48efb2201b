import { stack } from '@othergrad/core'
import { op, throws, type ConformanceCase } from '../case'

export const stackCases: ConformanceCase[] = [
  op('stack', 'dim 0', (a, b) => stack([a, b])),
  op('stack', 'dim 1', (a, b, c) => stack([a, b, c], 1)),
  op('stack', 'dim -1', (a, b) => stack([a, b], -1)),
  op('stack', '0-d', (a, b, c) => stack([a, b, c])),
  op('stack', 'one part', (a) => stack([a], 2)),
  throws('stack', 'rejects tensors of different shapes', (ctx) => stack([ctx.randn([2, 3]), ctx.randn([3, 2])]), /stack expects each tensor to be equal size/),
]
