import { sub } from '@othergrad/core'
import { op, throws, type ConformanceCase } from '../case'

export const subCases: ConformanceCase[] = [
  op('sub', '3x4+3x4', (a, b) => a.sub(b)),
  op('sub', '3x4+4', (a, b) => a.sub(b)),
  op('sub', '4+3x4', (a, b) => a.sub(b)),
  op('sub', '3x1+1x4', (a, b) => a.sub(b)),
  op('sub', '2x3x4+3x1', (a, b) => a.sub(b)),
  op('sub', '2x1x4+3x1', (a, b) => a.sub(b)),
  op('sub', '3x4+[]', (a, b) => a.sub(b)),
  op('sub', '[]+2x3', (a, b) => a.sub(b)),
  op('sub', '[]+[]', (a, b) => a.sub(b)),
  op('sub', '1x1+2x3', (a, b) => a.sub(b)),
  op('sub', '0x3+3', (a, b) => a.sub(b)),
  op('sub', 'x-2.5', (x) => x.sub(2.5)),
  op('sub', '2-x', (x) => sub(2, x)),
  op('sub', 'alpha', (a, b) => a.sub(b, 2)),
  op('sub', 'tiny-huge', (a, b) => a.sub(b)),
  op('sub', '2x3+3 gradgrad', (a, b) => a.sub(b)),
  op('sub', 'int32-int32', (a, b) => a.sub(b)),
  throws('sub', 'rejects shapes that do not broadcast (2x3 and 2)', (ctx) => ctx.randn([2, 3]).sub(ctx.randn([2])), /2x3 and 2 cannot be broadcast/),
]
