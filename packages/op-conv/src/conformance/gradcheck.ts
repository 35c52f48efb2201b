import { property, type ConformanceCase } from '@othergrad/conformance'
import { gradcheck, gradgradcheck, manualSeed, type Tensor } from '@othergrad/core'
import { adaptiveAvgPool2d } from '../adaptiveAvgPool2d'
import { avgPool2d } from '../avgPool2d'
import { batchNorm2d } from '../batchNorm2d'
import { conv1d } from '../conv1d'
import { conv2d } from '../conv2d'
import { maxPool2d } from '../maxPool2d'

/**
 * Finite differences in float64 against the analytic first and second derivatives (gradcheck,
 * gradgradcheck), on small inputs so every backend with float64 runs them in milliseconds.
 */
function check(
  op: string,
  name: string,
  shapes: number[][],
  fn: (...xs: Tensor[]) => Tensor,
): ConformanceCase[] {
  const run = (second: boolean) =>
    property(
      op,
      `${second ? 'gradgradcheck' : 'gradcheck'}: ${name}`,
      (ctx) => {
        manualSeed(7 + name.length)
        const inputs = shapes.map((s) => ctx.randn(s, { requiresGrad: true }))
        ;(second ? gradgradcheck : gradcheck)(fn, inputs)
      },
      { dtypes: ['float64'] },
    )
  return [run(false), run(true)]
}

export const gradcheckCases: ConformanceCase[] = [
  ...check('conv2d', 'stride 2, padding 1, bias', [[1, 2, 4, 4], [2, 2, 3, 3], [2]], (x, w, b) =>
    conv2d(x, w, b, { stride: 2, padding: 1 }),
  ),
  ...check(
    'conv2d',
    'groups 2, dilation (1,2), padding same',
    [
      [1, 4, 4, 5],
      [2, 2, 2, 2],
    ],
    (x, w) => conv2d(x, w, null, { groups: 2, dilation: [1, 2], padding: 'same' }),
  ),
  ...check(
    'conv2d',
    'two layers with a nonlinearity',
    [
      [1, 2, 5, 5],
      [2, 2, 3, 3],
      [1, 2, 2, 2],
    ],
    (x, w1, w2) => conv2d(conv2d(x, w1).tanh(), w2),
  ),
  ...check('conv1d', 'stride 2, padding 1', [[2, 2, 7], [3, 2, 3], [3]], (x, w, b) =>
    conv1d(x, w, b, { stride: 2, padding: 1 }),
  ),
  ...check('maxPool2d', 'k3 stride 2 padding 1', [[1, 2, 5, 5]], (x) =>
    maxPool2d(x, 3, { stride: 2, padding: 1 }).mul(x.sum()),
  ),
  ...check('avgPool2d', 'k3 stride 2 padding 1 ceil mode', [[1, 2, 5, 5]], (x) =>
    avgPool2d(x, 3, { stride: 2, padding: 1, ceilMode: true, countIncludePad: false }).square(),
  ),
  ...check('adaptiveAvgPool2d', '5x7 to 2x3', [[1, 2, 5, 7]], (x) =>
    adaptiveAvgPool2d(x, [2, 3]).square(),
  ),
  ...check('batchNorm2d', 'training with weight and bias', [[3, 2, 2, 2], [2], [2]], (x, w, b) =>
    batchNorm2d(x, null, null, { weight: w, bias: b, training: true }).square(),
  ),
]
