import { op, type ConformanceCase } from '../case'

export const negCases: ConformanceCase[] = [
  op('neg', '3x4', (x) => x.neg()),
  op('neg', '[]', (x) => x.neg()),
  op('neg', '7', (x) => x.neg()),
  op('neg', '2x3x4', (x) => x.neg()),
  op('neg', '1x1', (x) => x.neg()),
  op('neg', '0x3', (x) => x.neg()),
  op('neg', '2x3 gradgrad', (x) => x.neg()),
  op('neg', 'tiny-huge', (x) => x.neg()),
  op('neg', 'uint8 wraps', (u) => u.neg()),
]
