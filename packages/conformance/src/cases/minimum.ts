import { op, throws, type ConformanceCase } from '../case'

export const minimumCases: ConformanceCase[] = [
  op('minimum', '3x4+3x4', (a, b) => a.minimum(b)),
  op('minimum', '3x4+4', (a, b) => a.minimum(b)),
  op('minimum', '4+3x4', (a, b) => a.minimum(b)),
  op('minimum', '3x1+1x4', (a, b) => a.minimum(b)),
  op('minimum', '2x3x4+3x1', (a, b) => a.minimum(b)),
  op('minimum', '2x1x4+3x1', (a, b) => a.minimum(b)),
  op('minimum', '3x4+[]', (a, b) => a.minimum(b)),
  op('minimum', '[]+2x3', (a, b) => a.minimum(b)),
  op('minimum', '[]+[]', (a, b) => a.minimum(b)),
  op('minimum', '1x1+2x3', (a, b) => a.minimum(b)),
  op('minimum', '0x3+3', (a, b) => a.minimum(b)),
  op('minimum', 'ties', (a, b) => a.minimum(b)),
  op('minimum', 'ties-broadcast', (a, b) => a.minimum(b)),
  op('minimum', 'tiny-huge', (a, b) => a.minimum(b)),
  op('minimum', '2x3+3 gradgrad', (a, b) => a.minimum(b)),
  op('minimum', 'bool', (a, b) => a.minimum(b)),
  op('minimum', 'bool broadcast', (a, b) => a.minimum(b)),
  throws('minimum', 'rejects shapes that do not broadcast (3 and 2)', (ctx) => ctx.randn([3]).minimum(ctx.randn([2])), /cannot be broadcast/),
]
