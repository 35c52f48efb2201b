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
  throws('arange', 'rejects an infinite range', () => arange(0, Infinity), /arange: the range \[0, Infinity\) with step 1 has infinitely many elements, more than the 2147483647 one tensor can hold/),
  throws('arange', 'rejects a range with more elements than a tensor can hold', () => arange(0, 1e10, 1), /has 10000000000 elements/),
  throws('arange', 'rejects a NaN bound', () => arange(0, NaN), /unsupported range: start 0, end NaN, step 1/),
]
