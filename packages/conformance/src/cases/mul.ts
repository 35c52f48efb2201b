import { mul } from '@othergrad/core'
import { op, throws, type ConformanceCase } from '../case'

export const mulCases: ConformanceCase[] = [
  op('mul', '3x4+3x4', (a, b) => a.mul(b)),
  op('mul', '3x4+4', (a, b) => a.mul(b)),
  op('mul', '4+3x4', (a, b) => a.mul(b)),
  op('mul', '3x1+1x4', (a, b) => a.mul(b)),
  op('mul', '2x3x4+3x1', (a, b) => a.mul(b)),
  op('mul', '2x1x4+3x1', (a, b) => a.mul(b)),
  op('mul', '3x4+[]', (a, b) => a.mul(b)),
  op('mul', '[]+2x3', (a, b) => a.mul(b)),
  op('mul', '[]+[]', (a, b) => a.mul(b)),
  op('mul', '1x1+2x3', (a, b) => a.mul(b)),
  op('mul', '0x3+3', (a, b) => a.mul(b)),
  op('mul', 'x*2.5', (x) => x.mul(2.5)),
  op('mul', '-3*x', (x) => mul(-3, x)),
  op('mul', 'tiny*huge', (a, b) => a.mul(b)),
  op('mul', 'self', (x) => x.mul(x)),
  op('mul', '2x3+3 gradgrad', (a, b) => a.mul(b)),
  op('mul', 'int32*int32', (a, b) => a.mul(b)),
  op('mul', 'float*int32', (a, b) => a.mul(b)),
  op('mul', 'bool*bool', (a, b) => a.mul(b)),
  op('mul', 'bool*bool broadcast', (a, b) => a.mul(b)),
  op('mul', 'bool*False', (b) => mul(b, false)),
  op('mul', 'bool*int32', (a, b) => a.mul(b)),
  op('mul', 'bool*float', (a, b) => a.mul(b)),
  throws('mul', 'rejects shapes that do not broadcast (2x3x4 and 3x3)', (ctx) => ctx.randn([2, 3, 4]).mul(ctx.randn([3, 3])), /cannot be broadcast/),
]
