import { op, type ConformanceCase } from '../case'

export const roundCases: ConformanceCase[] = [
  op('round', '3x4', (x) => x.round()),
  op('round', '[]', (x) => x.round()),
  op('round', '7', (x) => x.round()),
  op('round', '2x3x4', (x) => x.round()),
  op('round', '1x1', (x) => x.round()),
  op('round', '0x3', (x) => x.round()),
  op('round', '2x3 gradgrad', (x) => x.round()),
  op('round', 'halves', (x) => x.round()),
  op('round', 'huge', (x) => x.round()),
]
