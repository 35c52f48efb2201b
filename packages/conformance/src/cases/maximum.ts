import { op, throws, type ConformanceCase } from '../case'

export const maximumCases: ConformanceCase[] = [
  op('maximum', '3x4+3x4', (a, b) => a.maximum(b)),
  op('maximum', '3x4+4', (a, b) => a.maximum(b)),
  op('maximum', '4+3x4', (a, b) => a.maximum(b)),
  op('maximum', '3x1+1x4', (a, b) => a.maximum(b)),
  op('maximum', '2x3x4+3x1', (a, b) => a.maximum(b)),
  op('maximum', '2x1x4+3x1', (a, b) => a.maximum(b)),
  op('maximum', '3x4+[]', (a, b) => a.maximum(b)),
  op('maximum', '[]+2x3', (a, b) => a.maximum(b)),
  op('maximum', '[]+[]', (a, b) => a.maximum(b)),
  op('maximum', '1x1+2x3', (a, b) => a.maximum(b)),
  op('maximum', '0x3+3', (a, b) => a.maximum(b)),
  op('maximum', 'ties', (a, b) => a.maximum(b)),
  op('maximum', 'ties-broadcast', (a, b) => a.maximum(b)),
  op('maximum', 'tiny-huge', (a, b) => a.maximum(b)),
  op('maximum', '2x3+3 gradgrad', (a, b) => a.maximum(b)),
  op('maximum', 'int32', (a, b) => a.maximum(b)),
  op('maximum', 'bool', (a, b) => a.maximum(b)),
  op('maximum', 'bool,int32', (a, b) => a.maximum(b)),
  throws('maximum', 'rejects shapes that do not broadcast (3 and 2)', (ctx) => ctx.randn([3]).maximum(ctx.randn([2])), /cannot be broadcast/),
]
