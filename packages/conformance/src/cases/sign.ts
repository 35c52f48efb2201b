import { op, type ConformanceCase } from '../case'

export const signCases: ConformanceCase[] = [
  op('sign', '3x4', (x) => x.sign()),
  op('sign', '[]', (x) => x.sign()),
  op('sign', '7', (x) => x.sign()),
  op('sign', '2x3x4', (x) => x.sign()),
  op('sign', '1x1', (x) => x.sign()),
  op('sign', '0x3', (x) => x.sign()),
  op('sign', '2x3 gradgrad', (x) => x.sign()),
  op('sign', 'zero-tiny-huge', (x) => x.sign()),
]
