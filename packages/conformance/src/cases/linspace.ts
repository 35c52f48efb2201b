import { linspace } from '@othergrad/core'
import { op, throws, type ConformanceCase } from '../case'

export const linspaceCases: ConformanceCase[] = [
  op('linspace', '0,1,5', () => linspace(0, 1, 5)),
  op('linspace', '-1,1,7', () => linspace(-1, 1, 7)),
  op('linspace', '3,-2,6', () => linspace(3, -2, 6)),
  op('linspace', '2,2,1', () => linspace(2, 2, 1)),
  op('linspace', '0,1,0', () => linspace(0, 1, 0)),
  throws('linspace', 'rejects a negative number of steps', () => linspace(0, 1, -1), /number of steps must be non-negative/),
]
