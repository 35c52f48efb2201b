import { op, type ConformanceCase } from '../case'

export const squareCases: ConformanceCase[] = [
  op('square', '3x4', (x) => x.square()),
  op('square', '[]', (x) => x.square()),
  op('square', '7', (x) => x.square()),
  op('square', '2x3x4', (x) => x.square()),
  op('square', '1x1', (x) => x.square()),
  op('square', '0x3', (x) => x.square()),
  op('square', '2x3 gradgrad', (x) => x.square()),
  op('square', 'tiny-huge', (x) => x.square()),
  op('square', 'int16 wraps', (i) => i.square()),
]
