import { expect } from 'vitest'
import { zeros } from '@othergrad/core'
import { op, property, throws, type ConformanceCase } from '../case'

export const sumCases: ConformanceCase[] = [
  op('sum', '2x3x4 all', (x) => x.sum()),
  op('sum', '2x3x4 dim=0', (x) => x.sum(0)),
  op('sum', '2x3x4 dim=0 keepdim', (x) => x.sum(0, true)),
  op('sum', '2x3x4 dim=1', (x) => x.sum(1)),
  op('sum', '2x3x4 dim=1 keepdim', (x) => x.sum(1, true)),
  op('sum', '2x3x4 dim=2', (x) => x.sum(2)),
  op('sum', '2x3x4 dim=2 keepdim', (x) => x.sum(2, true)),
  op('sum', '2x3x4 dim=-1', (x) => x.sum(-1)),
  op('sum', '2x3x4 dim=-1 keepdim', (x) => x.sum(-1, true)),
  op('sum', '2x3x4 dim=-2', (x) => x.sum(-2)),
  op('sum', '2x3x4 dim=-2 keepdim', (x) => x.sum(-2, true)),
  op('sum', '2x3x4 dim=-3', (x) => x.sum(-3)),
  op('sum', '2x3x4 dim=-3 keepdim', (x) => x.sum(-3, true)),
  op('sum', '2x3x4 dim=[0,1]', (x) => x.sum([0, 1])),
  op('sum', '2x3x4 dim=[0,1] keepdim', (x) => x.sum([0, 1], true)),
  op('sum', '2x3x4 dim=[0,2]', (x) => x.sum([0, 2])),
  op('sum', '2x3x4 dim=[0,2] keepdim', (x) => x.sum([0, 2], true)),
  op('sum', '2x3x4 dim=[1,2]', (x) => x.sum([1, 2])),
  op('sum', '2x3x4 dim=[1,2] keepdim', (x) => x.sum([1, 2], true)),
  op('sum', '2x3x4 dim=[0,1,2]', (x) => x.sum([0, 1, 2])),
  op('sum', '2x3x4 dim=[0,1,2] keepdim', (x) => x.sum([0, 1, 2], true)),
  op('sum', '2x3x4 dim=[-1,0]', (x) => x.sum([-1, 0])),
  op('sum', '2x3x4 dim=[-1,0] keepdim', (x) => x.sum([-1, 0], true)),
  op('sum', '2x3x4 dim=[-3,-1]', (x) => x.sum([-3, -1])),
  op('sum', '2x3x4 dim=[-3,-1] keepdim', (x) => x.sum([-3, -1], true)),
  op('sum', '2x3x4 dim=[2,-2]', (x) => x.sum([2, -2])),
  op('sum', '2x3x4 dim=[2,-2] keepdim', (x) => x.sum([2, -2], true)),
  op('sum', '[] all', (x) => x.sum()),
  op('sum', '[] dim=0', (x) => x.sum(0)),
  op('sum', '5 dim=0 keepdim', (x) => x.sum(0, true)),
  op('sum', 'tiny-huge', (x) => x.sum(1)),
  op('sum', '1x1x1', (x) => x.sum([0, 2])),
  op('sum', '64x33 dim=0', (x) => x.sum(0)),
  op('sum', '3x0 dim=1', (x) => x.sum(1)),
  op('sum', '0x3 all', (x) => x.sum()),
  property('sum', 'sums an empty tensor to 0', async (ctx) => {
    const x = zeros([0], { dtype: ctx.dtype, backend: ctx.backend, requiresGrad: true })
    const y = x.sum()
    expect(await y.item()).toBe(0)
    y.backward()
    expect(x.grad?.shape).toEqual([0])
  }),
  property('sum', 'sums an empty dim to zeros', async (ctx) => {
    await ctx.expectClose(zeros([2, 0, 3], { dtype: ctx.dtype, backend: ctx.backend }).sum(1), [[0, 0, 0], [0, 0, 0]])
  }),
  property('sum', 'sums bool and int32 tensors to int32', async (ctx) => {
    const mask = ctx.tensor([1, -2, 3]).gt(0)
    const total = mask.sum()
    expect(total.dtype).toBe('int32')
    expect(await total.item()).toBe(2)
    expect(await mask.int().mul(5).sum().item()).toBe(10)
  }),
  throws('sum', 'rejects a dim out of range', (ctx) => ctx.randn([4, 5]).sum(2), /dim 2 is out of range for a tensor with 2 dims \(shape 4x5\)/),
  throws('sum', 'rejects a repeated dim', (ctx) => ctx.randn([4, 5]).sum([1, -1]), /dim 1 appears multiple times/),
]
