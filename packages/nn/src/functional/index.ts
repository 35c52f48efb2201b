/**
 * The functional API, like `torch.nn.functional`: `functional.mseLoss(x, y)`.
 *
 * @packageDocumentation
 */
import type * as core from '@othergrad/core'

export {
  gelu,
  implicitSoftmaxDim,
  leakyRelu,
  logSoftmax,
  relu,
  sigmoid,
  softmax,
  tanh,
} from './activation'
export type { GeluApproximate } from './activation'
export { erf } from './erf'
export { dropout } from './dropout'
export { batchNorm, layerNorm } from './normalization'
export { embedding } from './embedding'
export {
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  huberLoss,
  l1Loss,
  mseLoss,
} from './loss'
export type {
  BinaryCrossEntropyOptions,
  BinaryCrossEntropyWithLogitsOptions,
  HuberLossOptions,
  ReductionOptions,
} from './loss'
export { crossEntropy, linear, nllLoss } from '@othergrad/core'

// Core's option types, as local aliases rather than `export type { ... } from '@othergrad/core'`:
// this module is published as the namespace `functional`, and the .d.ts bundler writes every
// member of a namespace it cannot see declared as `declare const X: typeof X`, which turned
// these types into values in nn's published types (TS2693 in every consumer without
// skipLibCheck). The consumer test (tooling/consumer) type-checks the published types.
/** `crossEntropy`'s options (core's `CrossEntropyOptions`). */
export type CrossEntropyOptions = core.CrossEntropyOptions
/** `nllLoss`'s options (core's `NllLossOptions`). */
export type NllLossOptions = core.NllLossOptions
/** How a loss reduces over the batch: `'mean'`, `'sum'` or `'none'` (core's `Reduction`). */
export type Reduction = core.Reduction
