import { op, throws, type ConformanceCase, type FixtureLoader } from '@othergrad/conformance'
import type { Tensor } from '@othergrad/core'
import { maxPool2d, type MaxPool2dOptions } from '../maxPool2d'
import type { Pair } from '../geometry'
import { fixtures as defaultFixtures } from './fixtures'

export function maxPool2dCases(fixtures: FixtureLoader = defaultFixtures): ConformanceCase[] {
  const c = (id: string, k: Pair, options: MaxPool2dOptions = {}) =>
    op(
      'maxPool2d',
      id,
      (x: Tensor) =>
        options.returnIndices
          ? maxPool2d(x, k, { ...options, returnIndices: true })
          : maxPool2d(x, k, { ...options, returnIndices: false }),
      { fixtures },
    )
  return [
    c('k2', 2),
    c('k3 stride 2 padding 1', 3, { stride: 2, padding: 1 }),
    c('k (2,3) stride (1,2)', [2, 3], { stride: [1, 2] }),
    c('k3 dilation 2', 3, { stride: 1, dilation: 2 }),
    c('k2 ceil mode', 2, { ceilMode: true }),
    c('k3 stride 2 padding 1 ceil mode', 3, { stride: 2, padding: 1, ceilMode: true }),
    c('return indices k2 stride 1', 2, { stride: 1, returnIndices: true }),
    c('unbatched 3x4x4', 2),
    c('gradgrad k2', 2),
    throws(
      'maxPool2d',
      'rejects padding over half the kernel',
      (ctx) => maxPool2d(ctx.randn([1, 1, 6, 6]), 2, { padding: 2 }),
      /pad should be at most half of effective kernel size/,
    ),
    throws(
      'maxPool2d',
      'rejects an output size below 1',
      (ctx) => maxPool2d(ctx.randn([1, 1, 2, 2]), 3),
      /Output size is too small/,
    ),
  ]
}
