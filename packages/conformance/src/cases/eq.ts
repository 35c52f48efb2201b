import { op, type ConformanceCase } from '../case'

export const eqCases: ConformanceCase[] = [
  op('eq', '3x4+3x4', (a, b) => a.eq(b)),
  op('eq', '3x4+4', (a, b) => a.eq(b)),
  op('eq', '3x1+1x4', (a, b) => a.eq(b)),
  op('eq', '[]+2x3', (a, b) => a.eq(b)),
  op('eq', 'x,0', (x) => x.eq(0)),
  op('eq', 'x,0.5', (x) => x.eq(0.5)),
  op('eq', 'tiny-huge', (a, b) => a.eq(b)),
  op('eq', 'nan', (a, b) => a.eq(b)),
  op('eq', '0x3+3', (a, b) => a.eq(b)),
  op('eq', 'uint8', (a, b) => a.eq(b)),
]
