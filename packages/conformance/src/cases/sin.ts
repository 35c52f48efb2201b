import { op, type ConformanceCase } from '../case'

export const sinCases: ConformanceCase[] = [
  op('sin', '3x4', (x) => x.sin()),
  op('sin', '[]', (x) => x.sin()),
  op('sin', '7', (x) => x.sin()),
  op('sin', '2x3x4', (x) => x.sin()),
  op('sin', '1x1', (x) => x.sin()),
  op('sin', '0x3', (x) => x.sin()),
  op('sin', '2x3 gradgrad', (x) => x.sin()),
  op('sin', 'wide', (x) => x.sin()),
]
