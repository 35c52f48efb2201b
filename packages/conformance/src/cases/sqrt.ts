import { op, type ConformanceCase } from '../case'

export const sqrtCases: ConformanceCase[] = [
  op('sqrt', '3x4', (x) => x.sqrt()),
  op('sqrt', '[]', (x) => x.sqrt()),
  op('sqrt', '7', (x) => x.sqrt()),
  op('sqrt', '2x3x4', (x) => x.sqrt()),
  op('sqrt', '1x1', (x) => x.sqrt()),
  op('sqrt', '0x3', (x) => x.sqrt()),
  op('sqrt', '2x3 gradgrad', (x) => x.sqrt()),
  op('sqrt', 'tiny-huge', (x) => x.sqrt()),
  op('sqrt', 'domain', (x) => x.sqrt()),
]
