import { op, type ConformanceCase } from '../case'

export const geCases: ConformanceCase[] = [
  op('ge', '3x4+3x4', (a, b) => a.ge(b)),
  op('ge', '3x4+4', (a, b) => a.ge(b)),
  op('ge', '3x1+1x4', (a, b) => a.ge(b)),
  op('ge', '[]+2x3', (a, b) => a.ge(b)),
  op('ge', 'x,0', (x) => x.ge(0)),
  op('ge', 'x,0.5', (x) => x.ge(0.5)),
  op('ge', 'tiny-huge', (a, b) => a.ge(b)),
  op('ge', 'nan', (a, b) => a.ge(b)),
  op('ge', '0x3+3', (a, b) => a.ge(b)),
]
