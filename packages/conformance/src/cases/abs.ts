import { op, type ConformanceCase } from '../case'

export const absCases: ConformanceCase[] = [
  op('abs', '3x4', (x) => x.abs()),
  op('abs', '[]', (x) => x.abs()),
  op('abs', '7', (x) => x.abs()),
  op('abs', '2x3x4', (x) => x.abs()),
  op('abs', '1x1', (x) => x.abs()),
  op('abs', '0x3', (x) => x.abs()),
  op('abs', '2x3 gradgrad', (x) => x.abs()),
  op('abs', 'zero-tiny-huge', (x) => x.abs()),
  op('abs', 'int8', (i) => i.abs()),
]
