import { op, throws, type ConformanceCase, type FixtureLoader } from '@othergrad/conformance'
import type { Tensor } from '@othergrad/core'
import { conv1d, type Conv1dOptions } from '../conv1d'
import { fixtures as defaultFixtures } from './fixtures'

export function conv1dCases(fixtures: FixtureLoader = defaultFixtures): ConformanceCase[] {
  const c = (id: string, options: Conv1dOptions = {}) =>
    op('conv1d', id, (x: Tensor, w: Tensor, b?: Tensor) => conv1d(x, w, b ?? null, options), {
      fixtures,
    })
  return [
    c('2x3x10 o4 k3 bias'),
    c('stride 2 padding 2 dilation 2', { stride: 2, padding: 2, dilation: 2 }),
    c('groups 2 padding same', { groups: 2, padding: 'same' }),
    c('unbatched 5x7 k1'),
    throws(
      'conv1d',
      'rejects 4-D input',
      (ctx) => conv1d(ctx.randn([1, 1, 5, 5]), ctx.randn([1, 1, 3])),
      /Expected 2D \(unbatched\) or 3D \(batched\) input/,
    ),
  ]
}
