import { op, type ConformanceCase } from '../case'

export const expm1Cases: ConformanceCase[] = [
  op('expm1', '3x4', (x) => x.expm1()),
  op('expm1', '[]', (x) => x.expm1()),
  op('expm1', '7', (x) => x.expm1()),
  op('expm1', '2x3x4', (x) => x.expm1()),
  op('expm1', '1x1', (x) => x.expm1()),
  op('expm1', '0x3', (x) => x.expm1()),
  op('expm1', '2x3 gradgrad', (x) => x.expm1()),
  op('expm1', 'tiny', (x) => x.expm1()),
  op('expm1', 'wide', (x) => x.expm1()),
]
