import { expect } from 'vitest'
import { cat, zeros } from '@othergrad/core'
import { op, property, throws, type ConformanceCase } from '../case'

export const catCases: ConformanceCase[] = [
  op('cat', '2 parts dim 0', (a, b) => cat([a, b], 0)),
  op('cat', '3 parts dim 1', (a, b, c) => cat([a, b, c], 1)),
  op('cat', 'dim -1', (a, b) => cat([a, b], -1)),
  op('cat', 'dim 1 of 3-D', (a, b) => cat([a, b], 1)),
  op('cat', '1-D', (a, b, c) => cat([a, b, c])),
  op('cat', 'one part', (a) => cat([a], 0)),
  op('cat', 'empty part', (a, b, c) => cat([a, b, c], 0)),
  op('cat', 'same input twice', (a) => cat([a, a.mul(2)], 1)),
  property('cat', 'joins empty parts and gives them empty gradients', async (ctx) => {
    const a = ctx.tensor([[1, 2]], { requiresGrad: true })
    const e = zeros([0, 2], { dtype: ctx.dtype, backend: ctx.backend, requiresGrad: true })
    const y = cat([e, a, e], 0)
    await ctx.expectClose(y, [[1, 2]])
    y.mul(ctx.tensor([[3, 4]])).sum().backward()
    await ctx.expectClose(a.grad, [[3, 4]], 'grad')
    expect(e.grad?.shape).toEqual([0, 2])
  }),
  throws('cat', 'rejects sizes that differ outside the cat dim', (ctx) => cat([ctx.randn([2, 3]), ctx.randn([2, 4])], 0), /sizes of tensors must match except in dimension 0/),
  throws('cat', 'rejects an empty list', () => cat([], 0), /expected a non-empty list of Tensors/),
  throws('cat', 'rejects 0-d tensors', (ctx) => cat([ctx.randn([]), ctx.randn([])]), /zero-dimensional tensor/),
]
