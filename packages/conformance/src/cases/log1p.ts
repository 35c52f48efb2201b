import { op, type ConformanceCase } from '../case'

export const log1pCases: ConformanceCase[] = [
  op('log1p', '3x4', (x) => x.log1p()),
  op('log1p', '[]', (x) => x.log1p()),
  op('log1p', '7', (x) => x.log1p()),
  op('log1p', '2x3x4', (x) => x.log1p()),
  op('log1p', '1x1', (x) => x.log1p()),
  op('log1p', '0x3', (x) => x.log1p()),
  op('log1p', '2x3 gradgrad', (x) => x.log1p()),
  op('log1p', 'tiny', (x) => x.log1p()),
  op('log1p', 'wide', (x) => x.log1p()),
  op('log1p', 'domain', (x) => x.log1p()),
]
