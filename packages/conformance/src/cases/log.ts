import { op, type ConformanceCase } from '../case'

export const logCases: ConformanceCase[] = [
  op('log', '3x4', (x) => x.log()),
  op('log', '[]', (x) => x.log()),
  op('log', '7', (x) => x.log()),
  op('log', '2x3x4', (x) => x.log()),
  op('log', '1x1', (x) => x.log()),
  op('log', '0x3', (x) => x.log()),
  op('log', '2x3 gradgrad', (x) => x.log()),
  op('log', 'tiny-huge', (x) => x.log()),
  op('log', 'domain', (x) => x.log()),
]
