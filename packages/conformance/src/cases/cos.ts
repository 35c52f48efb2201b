import { op, type ConformanceCase } from '../case'

export const cosCases: ConformanceCase[] = [
  op('cos', '3x4', (x) => x.cos()),
  op('cos', '[]', (x) => x.cos()),
  op('cos', '7', (x) => x.cos()),
  op('cos', '2x3x4', (x) => x.cos()),
  op('cos', '1x1', (x) => x.cos()),
  op('cos', '0x3', (x) => x.cos()),
  op('cos', '2x3 gradgrad', (x) => x.cos()),
  op('cos', 'wide', (x) => x.cos()),
]
