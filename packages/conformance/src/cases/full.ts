import { full, fullLike, ones, onesLike, zeros, zerosLike } from '@othergrad/core'
import { op, throws, type ConformanceCase } from '../case'

export const fullCases: ConformanceCase[] = [
  op('full', 'zeros 2x3', () => zeros([2, 3])),
  op('full', 'ones 4', () => ones(4)),
  op('full', 'full 2x2 -1.5', () => full([2, 2], -1.5)),
  op('full', 'full bool', () => full([3], true)),
  op('full', 'zeros int32 0x2', () => zeros([0, 2], { dtype: 'int32' })),
  op('full', 'zerosLike', (x) => zerosLike(x).add(x)),
  op('full', 'onesLike', (x) => onesLike(x).mul(x)),
  op('full', 'fullLike', (x) => fullLike(x, 2.5).sub(x)),
  throws('zeros', 'rejects a negative dim', () => zeros([2, -1]), /shape dims must be non-negative integers/),
]
