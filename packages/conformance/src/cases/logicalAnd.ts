import { op, type ConformanceCase } from '../case'

export const logicalAndCases: ConformanceCase[] = [
  op('logicalAnd', '3x4+3x4', (a, b) => a.logicalAnd(b)),
  op('logicalAnd', '3x4+4', (a, b) => a.logicalAnd(b)),
  op('logicalAnd', 'floats', (a, b) => a.logicalAnd(b)),
  op('logicalAnd', 'x,true', (x) => x.logicalAnd(true)),
  op('logicalAnd', '[]+2x2', (a, b) => a.logicalAnd(b)),
]
