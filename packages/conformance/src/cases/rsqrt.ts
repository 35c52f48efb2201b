import { op, type ConformanceCase } from '../case'

export const rsqrtCases: ConformanceCase[] = [
  op('rsqrt', '3x4', (x) => x.rsqrt()),
  op('rsqrt', '[]', (x) => x.rsqrt()),
  op('rsqrt', '7', (x) => x.rsqrt()),
  op('rsqrt', '2x3x4', (x) => x.rsqrt()),
  op('rsqrt', '1x1', (x) => x.rsqrt()),
  op('rsqrt', '0x3', (x) => x.rsqrt()),
  op('rsqrt', '2x3 gradgrad', (x) => x.rsqrt()),
  op('rsqrt', 'range', (x) => x.rsqrt()),
]
