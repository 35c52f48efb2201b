import { op, type ConformanceCase } from '../case'

export const reciprocalCases: ConformanceCase[] = [
  op('reciprocal', '3x4', (x) => x.reciprocal()),
  op('reciprocal', '[]', (x) => x.reciprocal()),
  op('reciprocal', '7', (x) => x.reciprocal()),
  op('reciprocal', '2x3x4', (x) => x.reciprocal()),
  op('reciprocal', '1x1', (x) => x.reciprocal()),
  op('reciprocal', '0x3', (x) => x.reciprocal()),
  op('reciprocal', '2x3 gradgrad', (x) => x.reciprocal()),
  op('reciprocal', 'range', (x) => x.reciprocal()),
]
