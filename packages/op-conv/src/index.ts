import type { OpPackage } from '@othergrad/core'
import { conv2dCpu, conv2dInputGradCpu, conv2dWeightGradCpu } from './kernels/cpu/conv2d'
import { maxPool2dCpu } from './kernels/cpu/maxPool2d'
import {
  conv2dInputGradWasm,
  conv2dWasm,
  conv2dWeightGradWasm,
  maxPool2dWasm,
} from './kernels/wasm/conv2d'
import {
  conv2dInputGradWebgpu,
  conv2dWebgpu,
  conv2dWeightGradWebgpu,
  maxPool2dWebgpu,
} from './kernels/webgpu/conv2d'
import { convMethods } from './methods'

// ops
export { conv2d } from './conv2d'
export type {
  Conv2dAttrs,
  Conv2dInputGradAttrs,
  Conv2dOptions,
  Conv2dWeightGradAttrs,
} from './conv2d'
export { conv1d } from './conv1d'
export type { Conv1dOptions } from './conv1d'
export { maxPool2d } from './maxPool2d'
export type { MaxPool2dOptions } from './maxPool2d'
export { avgPool2d } from './avgPool2d'
export type { AvgPool2dOptions } from './avgPool2d'
export { adaptiveAvgPool2d } from './adaptiveAvgPool2d'
export type { AdaptiveSize } from './adaptiveAvgPool2d'
export { batchNorm2d } from './batchNorm2d'
export type { BatchNorm2dOptions } from './batchNorm2d'
export type { Pair, WindowAttrs } from './geometry'
export type { PoolAttrs } from './pool'

/**
 * The package for `use()`: its kernels (per backend kind) and the Tensor methods
 * (`x.conv2d(w)`, `x.maxPool2d(2)`, ...). Without it every op still runs everywhere, as a
 * composite of core ops, but slower, and the methods do not exist.
 *
 * @example
 * use(convOps())
 * x.conv2d(w, b, { padding: 1 })
 */
export function convOps(): OpPackage {
  return {
    kind: 'ops',
    name: '@othergrad/op-conv',
    kernels: [
      conv2dCpu,
      conv2dInputGradCpu,
      conv2dWeightGradCpu,
      maxPool2dCpu,
      conv2dWasm,
      conv2dInputGradWasm,
      conv2dWeightGradWasm,
      maxPool2dWasm,
      conv2dWebgpu,
      conv2dInputGradWebgpu,
      conv2dWeightGradWebgpu,
      maxPool2dWebgpu,
    ],
    methods: convMethods,
  }
}

// layers
export { Conv1d } from './layers/conv1d'
export type { Conv1dLayerOptions } from './layers/conv1d'
export { Conv2d } from './layers/conv2d'
export type { Conv2dLayerOptions } from './layers/conv2d'
export { MaxPool2d, AvgPool2d, AdaptiveAvgPool2d } from './layers/pooling'
export { BatchNorm2d } from './layers/batchNorm2d'
export { Dropout2d, dropout2d } from './layers/dropout2d'
