import { op, type ConformanceCase } from '../case'

export const floorCases: ConformanceCase[] = [
  op('floor', '3x4', (x) => x.floor()),
  op('floor', '[]', (x) => x.floor()),
  op('floor', '7', (x) => x.floor()),
  op('floor', '2x3x4', (x) => x.floor()),
  op('floor', '1x1', (x) => x.floor()),
  op('floor', '0x3', (x) => x.floor()),
  op('floor', '2x3 gradgrad', (x) => x.floor()),
  op('floor', 'halves', (x) => x.floor()),
  op('floor', 'huge', (x) => x.floor()),
]
