import { expect } from 'vitest'
import { scatterAdd, tensor } from '@othergrad/core'
import { op, property, raisesOnRead, throws, type ConformanceCase } from '../case'

export const scatterAddCases: ConformanceCase[] = [
  op('scatterAdd', 'dim 0', (b, i, s) => scatterAdd(b, 0, i, s)),
  op('scatterAdd', 'dim 1', (b, i, s) => scatterAdd(b, 1, i, s)),
  op('scatterAdd', 'repeated', (b, i, s) => scatterAdd(b, 1, i, s)),
  op('scatterAdd', 'index smaller than src', (b, i, s) => scatterAdd(b, 0, i, s)),
  op('scatterAdd', 'index smaller than src, src grad', (b, i, s) => scatterAdd(b, 0, i, s)),
  op('scatterAdd', 'index smaller than src, dim 1', (b, i, s) => scatterAdd(b, 1, i, s)),
  op('scatterAdd', '1-D', (b, i, s) => scatterAdd(b, 0, i, s)),
  op('scatterAdd', 'dim -1 of 3-D', (b, i, s) => scatterAdd(b, -1, i, s)),
  throws('scatterAdd', 'rejects an index larger than src', (ctx) => scatterAdd(ctx.randn([3, 4]), 0, tensor([[0, 1, 2]], { dtype: 'int32', backend: ctx.backend }), ctx.randn([1, 2])), /must not be larger than src/),
  raisesOnRead('scatterAdd', 'raises on int32 sums scattered outside int32 instead of wrapping', (ctx) => scatterAdd(tensor([0, 0], { dtype: 'int64', backend: ctx.backend }), 0, tensor([1, 1, 1], { dtype: 'int64', backend: ctx.backend }), tensor([2 ** 30, 2 ** 30, 5], { dtype: 'int64', backend: ctx.backend })), 'scatterAdd: integer overflow: the result 2147483653 of a tensor of shape 3 (int32) does not fit int32'),
  raisesOnRead('scatterAdd', 'raises on an int32 base plus scattered sums outside int32', (ctx) => scatterAdd(tensor([2 ** 31 - 1, 0], { dtype: 'int64', backend: ctx.backend }), 0, tensor([0], { dtype: 'int64', backend: ctx.backend }), tensor([1], { dtype: 'int64', backend: ctx.backend })), 'integer overflow: 1 + 2147483647 = 2147483648 does not fit int32'),
  raisesOnRead('scatterAdd', 'raises on uint8 sums outside uint8', (ctx) => scatterAdd(tensor(new Uint8Array([0, 0]), { backend: ctx.backend }), 0, tensor([1, 1], { dtype: 'int64', backend: ctx.backend }), tensor(new Uint8Array([200, 100]), { backend: ctx.backend })), 'scatterAdd: integer overflow: the result 300 does not fit uint8'),
  property('scatterAdd', 'scatters int32 sums that pass int32 on the way but end inside it', async (ctx) => expect(await scatterAdd(tensor([0, 0], { dtype: 'int64', backend: ctx.backend }), 0, tensor([0, 0, 0], { dtype: 'int64', backend: ctx.backend }), tensor([2 ** 31 - 1, 2 ** 31 - 1, -(2 ** 31)], { dtype: 'int64', backend: ctx.backend })).toArray()).toEqual([2 ** 31 - 2, 0])),
]
