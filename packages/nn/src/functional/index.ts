// The functional API, like `torch.nn.functional`: `functional.mseLoss(x, y)`.
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
export type { CrossEntropyOptions, NllLossOptions, Reduction } from '@othergrad/core'
