import { op, type ConformanceCase } from '../case'

export const ltCases: ConformanceCase[] = [
  op('lt', '3x4+3x4', (a, b) => a.lt(b)),
  op('lt', '3x4+4', (a, b) => a.lt(b)),
  op('lt', '3x1+1x4', (a, b) => a.lt(b)),
  op('lt', '[]+2x3', (a, b) => a.lt(b)),
  op('lt', 'x,0', (x) => x.lt(0)),
  op('lt', 'x,0.5', (x) => x.lt(0.5)),
  op('lt', 'tiny-huge', (a, b) => a.lt(b)),
  op('lt', 'nan', (a, b) => a.lt(b)),
  op('lt', '0x3+3', (a, b) => a.lt(b)),
]
