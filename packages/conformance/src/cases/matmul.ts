import { expect } from 'vitest'
import { matmulWithFlags, zeros } from '@othergrad/core'
import { op, property, throws, type ConformanceCase } from '../case'

export const matmulCases: ConformanceCase[] = [
  op('matmul', '4@4', (a, b) => a.matmul(b)),
  op('matmul', '3x4@4x5', (a, b) => a.matmul(b)),
  op('matmul', '4@4x5', (a, b) => a.matmul(b)),
  op('matmul', '3x4@4', (a, b) => a.matmul(b)),
  op('matmul', '2x1x3x4@5x4x2', (a, b) => a.matmul(b)),
  op('matmul', '3x4@2x4x5', (a, b) => a.matmul(b)),
  op('matmul', '2x3x4@2x4x5', (a, b) => a.matmul(b)),
  op('matmul', '2x3x4@4', (a, b) => a.matmul(b)),
  op('matmul', '4@2x4x3', (a, b) => a.matmul(b)),
  op('matmul', '3x1@1x4', (a, b) => a.matmul(b)),
  op('matmul', '1x4@4x1', (a, b) => a.matmul(b)),
  op('matmul', 'huge@tiny', (a, b) => a.matmul(b)),
  op('matmul', '2x0@0x3', (a, b) => a.matmul(b)),
  op('matmul', '0x3@3x2', (a, b) => a.matmul(b)),
  op('matmul', '17x9@9x13', (a, b) => a.matmul(b)),
  op('matmul', '3x4@4x5 gradgrad', (a, b) => a.matmul(b)),
  op('matmul', 'mm', (a, b) => a.mm(b)),
  op('matmul', 'flags-TN', (a, b) => matmulWithFlags(a, b, true, false)),
  op('matmul', 'flags-NT', (a, b) => matmulWithFlags(a, b, false, true)),
  op('matmul', 'flags-TT', (a, b) => matmulWithFlags(a, b, true, true)),
  property('matmul', 'gives zeros when the inner dim k is 0, and zero gradients', async (ctx) => {
    const a = zeros([2, 0], { dtype: ctx.dtype, backend: ctx.backend, requiresGrad: true })
    const b = zeros([0, 3], { dtype: ctx.dtype, backend: ctx.backend, requiresGrad: true })
    const y = a.matmul(b)
    await ctx.expectClose(y, [[0, 0, 0], [0, 0, 0]])
    y.sum().backward()
    expect(a.grad?.shape).toEqual([2, 0])
    expect(b.grad?.shape).toEqual([0, 3])
  }),
  throws('matmul', 'rejects 3x4 @ 5x6', (ctx) => ctx.randn([3, 4]).matmul(ctx.randn([5, 6])), /mat1 and mat2 shapes cannot be multiplied \(3x4 and 5x6\)/),
  throws('matmul', 'rejects a 1-D dot product of different lengths', (ctx) => ctx.randn([3]).matmul(ctx.randn([4])), /inconsistent tensor size/),
  throws('matmul', 'rejects batch dims that do not broadcast', (ctx) => ctx.randn([2, 3, 4]).matmul(ctx.randn([3, 4, 5])), /cannot be broadcast/),
  throws('matmul', 'rejects 0-d operands', (ctx) => ctx.randn([]).matmul(ctx.randn([3])), /at least 1D/),
  throws('mm', 'rejects a 3-D operand', (ctx) => ctx.randn([2, 3, 4]).mm(ctx.randn([4, 5])), /self must be a matrix/),
]
