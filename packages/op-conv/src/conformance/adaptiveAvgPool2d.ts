import { op, throws, type ConformanceCase, type FixtureLoader } from '@othergrad/conformance'
import type { Tensor } from '@othergrad/core'
import { adaptiveAvgPool2d, type AdaptiveSize } from '../adaptiveAvgPool2d'
import { fixtures as defaultFixtures } from './fixtures'

export function adaptiveAvgPool2dCases(
  fixtures: FixtureLoader = defaultFixtures,
): ConformanceCase[] {
  const c = (id: string, size: AdaptiveSize) =>
    op('adaptiveAvgPool2d', id, (x: Tensor) => adaptiveAvgPool2d(x, size), { fixtures })
  return [
    c('6x6 to 3x3', 3),
    c('5x7 to 2x3', [2, 3]),
    c('5x7 to 1x1', 1),
    c('4x4 to 6x5 (upsampling)', [6, 5]),
    c('5x6 to (None, 2)', [null, 2]),
    throws(
      'adaptiveAvgPool2d',
      'rejects an output size of 0',
      (ctx) => adaptiveAvgPool2d(ctx.randn([1, 1, 4, 4]), 0),
      /greater than or equal to 1/,
    ),
  ]
}
