import { op, throws, type ConformanceCase, type FixtureLoader } from '@othergrad/conformance'
import type { Tensor } from '@othergrad/core'
import { avgPool2d, type AvgPool2dOptions } from '../avgPool2d'
import type { Pair } from '../geometry'
import { fixtures as defaultFixtures } from './fixtures'

export function avgPool2dCases(fixtures: FixtureLoader = defaultFixtures): ConformanceCase[] {
  const c = (id: string, k: Pair, options: AvgPool2dOptions = {}) =>
    op('avgPool2d', id, (x: Tensor) => avgPool2d(x, k, options), { fixtures })
  return [
    c('k2', 2),
    c('k3 stride 2 padding 1', 3, { stride: 2, padding: 1 }),
    c('k3 stride 2 padding 1 exclude pad', 3, { stride: 2, padding: 1, countIncludePad: false }),
    c('k (2,3) stride (1,2)', [2, 3], { stride: [1, 2] }),
    c('k2 ceil mode', 2, { ceilMode: true }),
    c('k3 stride 2 padding 1 ceil mode', 3, { stride: 2, padding: 1, ceilMode: true }),
    c('k3 stride 2 padding 1 ceil mode exclude pad', 3, {
      stride: 2,
      padding: 1,
      ceilMode: true,
      countIncludePad: false,
    }),
    c('divisor override', 2, { divisorOverride: 3 }),
    throws(
      'avgPool2d',
      'rejects a zero divisor',
      (ctx) => avgPool2d(ctx.randn([1, 1, 4, 4]), 2, { divisorOverride: 0 }),
      /divisor must be not zero/,
    ),
  ]
}
