import { expect } from 'vitest'
import { tensor } from '@othergrad/core'
import { op, property, raisesOnRead, type ConformanceCase } from '../case'

export const negCases: ConformanceCase[] = [
  op('neg', '3x4', (x) => x.neg()),
  op('neg', '[]', (x) => x.neg()),
  op('neg', '7', (x) => x.neg()),
  op('neg', '2x3x4', (x) => x.neg()),
  op('neg', '1x1', (x) => x.neg()),
  op('neg', '0x3', (x) => x.neg()),
  op('neg', '2x3 gradgrad', (x) => x.neg()),
  op('neg', 'tiny-huge', (x) => x.neg()),
  op('neg', 'int8', (i) => i.neg()),
  raisesOnRead('neg', 'raises on -(-2^31) instead of wrapping', (ctx) => tensor([1, -(2 ** 31)], { dtype: 'int64', backend: ctx.backend }).neg(), 'neg: integer overflow: -(-2147483648) = 2147483648 does not fit int32 ([-2147483648, 2147483647]); othergrad\'s int64 is int32 and never wraps'),
  property('neg', 'negates int32 up to the edges of int32 exactly', async (ctx) => expect(await tensor([2 ** 31 - 1, -(2 ** 31) + 1, 0], { dtype: 'int64', backend: ctx.backend }).neg().toArray()).toEqual([-(2 ** 31) + 1, 2 ** 31 - 1, 0])),
  raisesOnRead('neg', 'raises on a negated uint8 where PyTorch wraps', (ctx) => tensor(new Uint8Array([0, 1]), { backend: ctx.backend }).neg(), 'neg: integer overflow: the result -1 does not fit uint8 ([0, 255])'),
  raisesOnRead('neg', 'raises on -(-128) for int8', (ctx) => tensor(new Int8Array([-128]), { backend: ctx.backend }).neg(), 'neg: integer overflow: the result 128 does not fit int8'),
]
