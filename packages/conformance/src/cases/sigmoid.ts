import { op, type ConformanceCase } from '../case'

export const sigmoidCases: ConformanceCase[] = [
  op('sigmoid', '3x4', (x) => x.sigmoid()),
  op('sigmoid', '[]', (x) => x.sigmoid()),
  op('sigmoid', '7', (x) => x.sigmoid()),
  op('sigmoid', '2x3x4', (x) => x.sigmoid()),
  op('sigmoid', '1x1', (x) => x.sigmoid()),
  op('sigmoid', '0x3', (x) => x.sigmoid()),
  op('sigmoid', '2x3 gradgrad', (x) => x.sigmoid()),
  op('sigmoid', 'saturated', (x) => x.sigmoid()),
]
