import { expect } from 'vitest'
import { tensor } from '@othergrad/core'
import { op, property, raisesOnRead, type ConformanceCase } from '../case'

export const absCases: ConformanceCase[] = [
  op('abs', '3x4', (x) => x.abs()),
  op('abs', '[]', (x) => x.abs()),
  op('abs', '7', (x) => x.abs()),
  op('abs', '2x3x4', (x) => x.abs()),
  op('abs', '1x1', (x) => x.abs()),
  op('abs', '0x3', (x) => x.abs()),
  op('abs', '2x3 gradgrad', (x) => x.abs()),
  op('abs', 'zero-tiny-huge', (x) => x.abs()),
  op('abs', 'int8', (i) => i.abs()),
  raisesOnRead('abs', 'raises on abs(-2^31) instead of wrapping', (ctx) => tensor([-5, -(2 ** 31)], { dtype: 'int64', backend: ctx.backend }).abs(), 'abs: integer overflow: abs(-2147483648) = 2147483648 does not fit int32 ([-2147483648, 2147483647]); othergrad\'s int64 is int32 and never wraps'),
  property('abs', 'takes int32 absolute values up to the edges of int32 exactly', async (ctx) => expect(await tensor([-(2 ** 31) + 1, 2 ** 31 - 1, -3], { dtype: 'int64', backend: ctx.backend }).abs().toArray()).toEqual([2 ** 31 - 1, 2 ** 31 - 1, 3])),
  raisesOnRead('abs', 'raises on abs(-128) for int8 where PyTorch wraps', (ctx) => tensor(new Int8Array([5, -128]), { backend: ctx.backend }).abs(), 'abs: integer overflow: the result 128 does not fit int8 ([-128, 127])'),
]
