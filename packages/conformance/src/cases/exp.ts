import { op, type ConformanceCase } from '../case'

export const expCases: ConformanceCase[] = [
  op('exp', '3x4', (x) => x.exp()),
  op('exp', '[]', (x) => x.exp()),
  op('exp', '7', (x) => x.exp()),
  op('exp', '2x3x4', (x) => x.exp()),
  op('exp', '1x1', (x) => x.exp()),
  op('exp', '0x3', (x) => x.exp()),
  op('exp', '2x3 gradgrad', (x) => x.exp()),
  op('exp', 'wide', (x) => x.exp()),
  op('exp', 'underflow', (x) => x.exp()),
]
