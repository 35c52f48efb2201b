import { eye } from '@othergrad/core'
import { op, throws, type ConformanceCase } from '../case'

export const eyeCases: ConformanceCase[] = [
  op('eye', '3', () => eye(3)),
  op('eye', '2,4', () => eye(2, 4)),
  op('eye', '4,2', () => eye(4, 2)),
  op('eye', '0', () => eye(0)),
  throws('eye', 'rejects a negative size', () => eye(-1), /n and m must be non-negative integers/),
  throws('eye', 'rejects a matrix with more elements than a tensor can hold', () => eye(1e6), /eye: shape \[1000000, 1000000\] has 1000000000000 elements/),
]
