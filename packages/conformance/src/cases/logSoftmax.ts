import { tensor } from '@othergrad/core'
import { op, throws, type ConformanceCase } from '../case'

export const logSoftmaxCases: ConformanceCase[] = [
  op('logSoftmax', '3x4 dim=1', (x) => x.logSoftmax(1)),
  op('logSoftmax', '3x4 dim=0', (x) => x.logSoftmax(0)),
  op('logSoftmax', '2x3x4 dim=1', (x) => x.logSoftmax(1)),
  op('logSoftmax', '2x3x4 dim=-1', (x) => x.logSoftmax(-1)),
  op('logSoftmax', '5 dim=0', (x) => x.logSoftmax(0)),
  op('logSoftmax', '[] dim=0', (x) => x.logSoftmax(0)),
  op('logSoftmax', '4x1 dim=1', (x) => x.logSoftmax(1)),
  op('logSoftmax', 'near ±90', (x) => x.logSoftmax(1)),
  op('logSoftmax', 'huge spread', (x) => x.logSoftmax(-1)),
  op('logSoftmax', 'scaled', (x) => x.logSoftmax(1)),
  op('logSoftmax', '8x10 dim=1', (x) => x.logSoftmax(1)),
  op('logSoftmax', '2x3 gradgrad', (x) => x.logSoftmax(1)),
  throws('logSoftmax', 'rejects a dim out of range', (ctx) => ctx.randn([2, 3]).logSoftmax(2), /dim 2 is out of range/),
  throws('logSoftmax', 'rejects an int32 tensor', (ctx) => tensor([1, 2], { dtype: 'int32', backend: ctx.backend }).logSoftmax(0), /expected a floating point input/),
]
