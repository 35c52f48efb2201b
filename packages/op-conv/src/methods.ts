import type { Tensor, TensorMethods } from '@othergrad/core'
import { adaptiveAvgPool2d, type AdaptiveSize } from './adaptiveAvgPool2d'
import { avgPool2d, type AvgPool2dOptions } from './avgPool2d'
import { conv1d, type Conv1dOptions } from './conv1d'
import { conv2d, type Conv2dOptions } from './conv2d'
import type { Pair } from './geometry'
import { maxPool2d, type MaxPool2dOptions } from './maxPool2d'

declare module '@othergrad/core' {
  interface Tensor {
    /** `conv2d(this, weight, bias, options)`, once `use(convOps())` has run; see `conv2d`. */
    conv2d(weight: Tensor, bias?: Tensor | null, options?: Conv2dOptions): Tensor
    /** `conv1d(this, weight, bias, options)`, once `use(convOps())` has run; see `conv1d`. */
    conv1d(weight: Tensor, bias?: Tensor | null, options?: Conv1dOptions): Tensor
    /** `maxPool2d(this, kernelSize, options)`, once `use(convOps())` has run; see `maxPool2d`. */
    maxPool2d(kernelSize: Pair, options?: MaxPool2dOptions & { returnIndices?: false }): Tensor
    /** `avgPool2d(this, kernelSize, options)`, once `use(convOps())` has run; see `avgPool2d`. */
    avgPool2d(kernelSize: Pair, options?: AvgPool2dOptions): Tensor
    /** `adaptiveAvgPool2d(this, outputSize)`, once `use(convOps())` has run. */
    adaptiveAvgPool2d(outputSize: AdaptiveSize): Tensor
  }
}

/** The Tensor methods `use(convOps())` installs. */
export const convMethods: TensorMethods = {
  conv2d(this: Tensor, weight: Tensor, bias?: Tensor | null, options?: Conv2dOptions): Tensor {
    return conv2d(this, weight, bias ?? null, options)
  },
  conv1d(this: Tensor, weight: Tensor, bias?: Tensor | null, options?: Conv1dOptions): Tensor {
    return conv1d(this, weight, bias ?? null, options)
  },
  maxPool2d(
    this: Tensor,
    kernelSize: Pair,
    options?: MaxPool2dOptions & { returnIndices?: false },
  ): Tensor {
    return maxPool2d(this, kernelSize, { ...options, returnIndices: false })
  },
  avgPool2d(this: Tensor, kernelSize: Pair, options?: AvgPool2dOptions): Tensor {
    return avgPool2d(this, kernelSize, options)
  },
  adaptiveAvgPool2d(this: Tensor, outputSize: AdaptiveSize): Tensor {
    return adaptiveAvgPool2d(this, outputSize)
  },
}
