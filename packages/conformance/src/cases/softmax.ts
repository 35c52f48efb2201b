import { tensor } from '@othergrad/core'
import { op, throws, type ConformanceCase } from '../case'

export const softmaxCases: ConformanceCase[] = [
  op('softmax', '3x4 dim=1', (x) => x.softmax(1)),
  op('softmax', '3x4 dim=0', (x) => x.softmax(0)),
  op('softmax', '2x3x4 dim=1', (x) => x.softmax(1)),
  op('softmax', '2x3x4 dim=-1', (x) => x.softmax(-1)),
  op('softmax', '5 dim=0', (x) => x.softmax(0)),
  op('softmax', '[] dim=0', (x) => x.softmax(0)),
  op('softmax', '4x1 dim=1', (x) => x.softmax(1)),
  op('softmax', 'near ±90', (x) => x.softmax(1)),
  op('softmax', 'huge spread', (x) => x.softmax(-1)),
  op('softmax', 'scaled', (x) => x.softmax(1)),
  op('softmax', '8x10 dim=1', (x) => x.softmax(1)),
  op('softmax', '2x3 gradgrad', (x) => x.softmax(1)),
  throws('softmax', 'rejects a dim out of range', (ctx) => ctx.randn([2, 3]).softmax(2), /dim 2 is out of range/),
  throws('softmax', 'rejects an int32 tensor', (ctx) => tensor([1, 2], { dtype: 'int32', backend: ctx.backend }).softmax(0), /expected a floating point input/),
]
