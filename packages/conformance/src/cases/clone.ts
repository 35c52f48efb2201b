import { op, type ConformanceCase } from '../case'

export const cloneCases: ConformanceCase[] = [
  op('clone', '3x4', (x) => x.clone().mul(2)),
  op('clone', '[]', (x) => x.clone()),
  op('clone', '2x3x4', (x) => x.clone()),
  op('clone', 'used twice', (x) => x.clone().mul(x)),
  op('clone', '0x2', (x) => x.clone()),
  op('clone', 'uint8', (u) => u.clone()),
]
