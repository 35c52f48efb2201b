import {
  op,
  property,
  throws,
  type ConformanceCase,
  type FixtureLoader,
} from '@othergrad/conformance'
import type { Tensor } from '@othergrad/core'
import { expect } from 'vitest'
import { batchNorm2d } from '../batchNorm2d'
import { fixtures as defaultFixtures } from './fixtures'

export function batchNorm2dCases(fixtures: FixtureLoader = defaultFixtures): ConformanceCase[] {
  return [
    op(
      'batchNorm2d',
      'training 4x3x5x5',
      (x: Tensor, w: Tensor, b: Tensor) =>
        batchNorm2d(x, null, null, { weight: w, bias: b, training: true }),
      { fixtures },
    ),
    op(
      'batchNorm2d',
      'training 2x5x3x4 no affine',
      (x: Tensor) => batchNorm2d(x, null, null, { training: true }),
      { fixtures },
    ),
    op(
      'batchNorm2d',
      'eval 2x3x4x4',
      (x: Tensor, rm: Tensor, rv: Tensor, w: Tensor, b: Tensor) =>
        batchNorm2d(x, rm, rv, { weight: w, bias: b, eps: 1e-3 }),
      { fixtures },
    ),
    // x = [[[[1, 3]], [[2, 6]]]] (N=1, C=2, 1x2): means 2 and 4, unbiased variances 2 and 8.
    property(
      'batchNorm2d',
      'moves the running statistics by momentum (unbiased variance)',
      async (ctx) => {
        const x = ctx.tensor([[[[1, 3]], [[2, 6]]]])
        const rm = ctx.tensor([0, 1])
        const rv = ctx.tensor([1, 1])
        batchNorm2d(x, rm, rv, { training: true, momentum: 0.25 })
        await ctx.expectClose(rm, [0.5, 1.75])
        await ctx.expectClose(rv, [1.25, 2.75])
        expect(rm.requiresGrad).toBe(false)
      },
    ),
    throws(
      'batchNorm2d',
      'rejects 3-D input',
      (ctx) => batchNorm2d(ctx.randn([2, 3, 4]), null, null, { training: true }),
      /expected 4D input/,
    ),
  ]
}
