import { op, type ConformanceCase } from '../case'

export const ceilCases: ConformanceCase[] = [
  op('ceil', '3x4', (x) => x.ceil()),
  op('ceil', '[]', (x) => x.ceil()),
  op('ceil', '7', (x) => x.ceil()),
  op('ceil', '2x3x4', (x) => x.ceil()),
  op('ceil', '1x1', (x) => x.ceil()),
  op('ceil', '0x3', (x) => x.ceil()),
  op('ceil', '2x3 gradgrad', (x) => x.ceil()),
  op('ceil', 'halves', (x) => x.ceil()),
  op('ceil', 'huge', (x) => x.ceil()),
]
