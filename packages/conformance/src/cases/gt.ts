import { op, type ConformanceCase } from '../case'

export const gtCases: ConformanceCase[] = [
  op('gt', '3x4+3x4', (a, b) => a.gt(b)),
  op('gt', '3x4+4', (a, b) => a.gt(b)),
  op('gt', '3x1+1x4', (a, b) => a.gt(b)),
  op('gt', '[]+2x3', (a, b) => a.gt(b)),
  op('gt', 'x,0', (x) => x.gt(0)),
  op('gt', 'x,0.5', (x) => x.gt(0.5)),
  op('gt', 'tiny-huge', (a, b) => a.gt(b)),
  op('gt', 'nan', (a, b) => a.gt(b)),
  op('gt', '0x3+3', (a, b) => a.gt(b)),
  op('gt', 'uint8,int8', (a, b) => a.gt(b)),
  op('gt', 'uint8>100', (u) => u.gt(100)),
]
