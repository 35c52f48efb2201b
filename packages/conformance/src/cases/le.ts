import { op, type ConformanceCase } from '../case'

export const leCases: ConformanceCase[] = [
  op('le', '3x4+3x4', (a, b) => a.le(b)),
  op('le', '3x4+4', (a, b) => a.le(b)),
  op('le', '3x1+1x4', (a, b) => a.le(b)),
  op('le', '[]+2x3', (a, b) => a.le(b)),
  op('le', 'x,0', (x) => x.le(0)),
  op('le', 'x,0.5', (x) => x.le(0.5)),
  op('le', 'tiny-huge', (a, b) => a.le(b)),
  op('le', 'nan', (a, b) => a.le(b)),
  op('le', '0x3+3', (a, b) => a.le(b)),
]
