import { div } from '@othergrad/core'
import { op, throws, type ConformanceCase } from '../case'

export const divCases: ConformanceCase[] = [
  op('div', '3x4+3x4', (a, b) => a.div(b)),
  op('div', '3x4+4', (a, b) => a.div(b)),
  op('div', '4+3x4', (a, b) => a.div(b)),
  op('div', '3x1+1x4', (a, b) => a.div(b)),
  op('div', '2x3x4+3x1', (a, b) => a.div(b)),
  op('div', '2x1x4+3x1', (a, b) => a.div(b)),
  op('div', '3x4+[]', (a, b) => a.div(b)),
  op('div', '[]+2x3', (a, b) => a.div(b)),
  op('div', '[]+[]', (a, b) => a.div(b)),
  op('div', '1x1+2x3', (a, b) => a.div(b)),
  op('div', '0x3+3', (a, b) => a.div(b)),
  op('div', 'x/2.5', (x) => x.div(2.5)),
  op('div', '2/x', (x) => div(2, x)),
  op('div', 'tiny-huge', (a, b) => a.div(b)),
  op('div', 'by-zero', (a, b) => a.div(b)),
  op('div', '2x3+3 gradgrad', (a, b) => a.div(b)),
  op('div', 'int32/int32', (a, b) => a.div(b)),
  op('div', 'bool/bool', (a, b) => a.div(b)),
  op('div', 'bool/int32', (a, b) => a.div(b)),
  throws('div', 'rejects shapes that do not broadcast (4 and 3)', (ctx) => ctx.randn([4]).div(ctx.randn([3])), /cannot be broadcast/),
]
