import { expect } from 'vitest'
import { tensor } from '@othergrad/core'
import { op, property, raisesOnRead, type ConformanceCase } from '../case'

export const squareCases: ConformanceCase[] = [
  op('square', '3x4', (x) => x.square()),
  op('square', '[]', (x) => x.square()),
  op('square', '7', (x) => x.square()),
  op('square', '2x3x4', (x) => x.square()),
  op('square', '1x1', (x) => x.square()),
  op('square', '0x3', (x) => x.square()),
  op('square', '2x3 gradgrad', (x) => x.square()),
  op('square', 'tiny-huge', (x) => x.square()),
  op('square', 'int16', (i) => i.square()),
  raisesOnRead('square', 'raises on an int32 square outside int32 instead of wrapping', (ctx) => tensor([3, -46341], { dtype: 'int64', backend: ctx.backend }).square(), 'square: integer overflow: -46341 ** 2 = 2147488281 does not fit int32 ([-2147483648, 2147483647]); othergrad\'s int64 is int32 and never wraps'),
  property('square', 'squares int32 up to the edges of int32 exactly', async (ctx) => expect(await tensor([46340, -46340, 0], { dtype: 'int64', backend: ctx.backend }).square().toArray()).toEqual([46340 ** 2, 46340 ** 2, 0])),
  raisesOnRead('square', 'raises on an int16 square outside int16 where PyTorch wraps', (ctx) => tensor(new Int16Array([181, 182]), { backend: ctx.backend }).square(), 'square: integer overflow: the result 33124 does not fit int16 ([-32768, 32767])'),
]
