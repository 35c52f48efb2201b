import { op, throws, type ConformanceCase, type FixtureLoader } from '@othergrad/conformance'
import type { Tensor } from '@othergrad/core'
import { conv2d, type Conv2dOptions } from '../conv2d'
import { fixtures as defaultFixtures } from './fixtures'

export function conv2dCases(fixtures: FixtureLoader = defaultFixtures): ConformanceCase[] {
  const c = (id: string, options: Conv2dOptions = {}) =>
    op('conv2d', id, (x: Tensor, w: Tensor, b?: Tensor) => conv2d(x, w, b ?? null, options), {
      fixtures,
    })
  return [
    c('1x1x5x5 k3'),
    c('2x3x6x7 o4 k3 bias'),
    c('stride 2 padding 1', { stride: 2, padding: 1 }),
    c('stride (2,1) padding (1,2) dilation (1,2)', {
      stride: [2, 1],
      padding: [1, 2],
      dilation: [1, 2],
    }),
    c('dilation 2', { dilation: 2 }),
    c('groups 2', { groups: 2, padding: 1 }),
    c('depthwise groups 3', { groups: 3, stride: 2 }),
    c('padding same k3', { padding: 'same' }),
    c('padding same k4x2 dilation 2', { padding: 'same', dilation: 2 }),
    c('padding valid', { padding: 'valid' }),
    c('1x1 kernel'),
    c('odd channels 5 to 7 k2x3 stride (2,3)', { stride: [2, 3] }),
    c('batch 1 no bias padding larger than kernel', { padding: 3 }),
    c('stride larger than kernel', { stride: 3, padding: 1 }),
    c('unbatched 3x6x6', { padding: 1 }),
    throws(
      'conv2d',
      'rejects input channels the weight does not expect',
      (ctx) => conv2d(ctx.randn([2, 5, 6, 7]), ctx.randn([4, 3, 3, 3])),
      /expected input\[2, 5, 6, 7\] to have 3 channels, but got 5 channels instead/,
    ),
    throws(
      'conv2d',
      'rejects a kernel larger than the padded input',
      (ctx) => conv2d(ctx.randn([1, 1, 2, 2]), ctx.randn([1, 1, 3, 3])),
      /Kernel size can't be greater than actual input size/,
    ),
    throws(
      'conv2d',
      "rejects padding='same' with a stride",
      (ctx) =>
        conv2d(ctx.randn([1, 1, 5, 5]), ctx.randn([1, 1, 3, 3]), null, {
          padding: 'same',
          stride: 2,
        }),
      /padding='same' is not supported for strided convolutions/,
    ),
    throws(
      'conv2d',
      'rejects out channels not divisible by groups',
      (ctx) => conv2d(ctx.randn([1, 4, 5, 5]), ctx.randn([3, 2, 3, 3]), null, { groups: 2 }),
      /expected weight to be divisible by 2 at dimension 0/,
    ),
    throws(
      'conv2d',
      'rejects a bias of the wrong size',
      (ctx) => conv2d(ctx.randn([1, 1, 5, 5]), ctx.randn([2, 1, 3, 3]), ctx.randn([3])),
      /expected bias to be 1-dimensional with 2 elements/,
    ),
    throws(
      'conv2d',
      'rejects 2-D input',
      (ctx) => conv2d(ctx.randn([5, 5]), ctx.randn([1, 1, 3, 3])),
      /Expected 3D \(unbatched\) or 4D \(batched\) input/,
    ),
    throws(
      'conv2d',
      'rejects a negative padding',
      (ctx) => conv2d(ctx.randn([1, 1, 5, 5]), ctx.randn([1, 1, 3, 3]), null, { padding: -1 }),
      /negative padding is not supported/,
    ),
  ]
}
