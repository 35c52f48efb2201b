import { op, type ConformanceCase } from '../case'

export const tanhCases: ConformanceCase[] = [
  op('tanh', '3x4', (x) => x.tanh()),
  op('tanh', '[]', (x) => x.tanh()),
  op('tanh', '7', (x) => x.tanh()),
  op('tanh', '2x3x4', (x) => x.tanh()),
  op('tanh', '1x1', (x) => x.tanh()),
  op('tanh', '0x3', (x) => x.tanh()),
  op('tanh', '2x3 gradgrad', (x) => x.tanh()),
  op('tanh', 'saturated', (x) => x.tanh()),
]
