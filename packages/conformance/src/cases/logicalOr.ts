import { op, type ConformanceCase } from '../case'

export const logicalOrCases: ConformanceCase[] = [
  op('logicalOr', '3x4+3x4', (a, b) => a.logicalOr(b)),
  op('logicalOr', '3x1+1x4', (a, b) => a.logicalOr(b)),
  op('logicalOr', 'floats', (a, b) => a.logicalOr(b)),
  op('logicalOr', 'x,false', (x) => x.logicalOr(false)),
  op('logicalOr', '[]+2x2', (a, b) => a.logicalOr(b)),
]
