import { op, type ConformanceCase } from '../case'

export const reluCases: ConformanceCase[] = [
  op('relu', '3x4', (x) => x.relu()),
  op('relu', '[]', (x) => x.relu()),
  op('relu', '7', (x) => x.relu()),
  op('relu', '2x3x4', (x) => x.relu()),
  op('relu', '1x1', (x) => x.relu()),
  op('relu', '0x3', (x) => x.relu()),
  op('relu', '2x3 gradgrad', (x) => x.relu()),
  op('relu', 'zero', (x) => x.relu()),
]
