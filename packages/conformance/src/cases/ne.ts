import { op, type ConformanceCase } from '../case'

export const neCases: ConformanceCase[] = [
  op('ne', '3x4+3x4', (a, b) => a.ne(b)),
  op('ne', '3x4+4', (a, b) => a.ne(b)),
  op('ne', '3x1+1x4', (a, b) => a.ne(b)),
  op('ne', '[]+2x3', (a, b) => a.ne(b)),
  op('ne', 'x,0', (x) => x.ne(0)),
  op('ne', 'x,0.5', (x) => x.ne(0.5)),
  op('ne', 'tiny-huge', (a, b) => a.ne(b)),
  op('ne', 'nan', (a, b) => a.ne(b)),
  op('ne', '0x3+3', (a, b) => a.ne(b)),
]
