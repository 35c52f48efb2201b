import { arange } from '@othergrad/core'
import { op, throws, type ConformanceCase } from '../case'

export const arangeCases: ConformanceCase[] = [
  op('arange', '5', () => arange(5)),
  op('arange', '-3,3', () => arange(-3, 3)),
  op('arange', '1,10,3', () => arange(1, 10, 3)),
  op('arange', '5,0,-2', () => arange(5, 0, -2)),
  op('arange', '1,4,0.5', () => arange(1, 4, 0.5)),
  op('arange', '0,1,0.1', () => arange(0, 1, 0.1)),
  op('arange', 'empty', () => arange(3, 3)),
  throws('arange', 'rejects a step of 0', () => arange(0, 1, 0), /step must be nonzero/),
  throws('arange', 'rejects a step of the wrong sign', () => arange(0, 5, -1), /upper bound and larger bound inconsistent with step sign/),
]
