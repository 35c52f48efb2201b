import { op, type ConformanceCase } from '../case'

export const logicalNotCases: ConformanceCase[] = [
  op('logicalNot', '3x4', (x) => x.logicalNot()),
  op('logicalNot', 'floats', (x) => x.logicalNot()),
  op('logicalNot', '[]', (x) => x.logicalNot()),
  op('logicalNot', '2x3x4', (x) => x.logicalNot()),
  op('logicalNot', 'nan-zero', (x) => x.logicalNot()),
]
