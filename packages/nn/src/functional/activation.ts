import {
  logSoftmax as coreLogSoftmax,
  softmax as coreSoftmax,
  where,
  type Tensor,
} from '@othergrad/core'
import { erf } from './erf'

/** `max(x, 0)`, like `F.relu`. */
export function relu(x: Tensor): Tensor {
  return x.relu()
}

/**
 * `x` where positive, `negativeSlope * x` elsewhere, like `F.leaky_relu`.
 *
 * @example
 * leakyRelu(x, 0.2)
 */
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  // The gradient at 0 is negativeSlope, as in PyTorch (x > 0 picks the first branch).
  return where(x.gt(0), x, x.mul(negativeSlope))
}

/** GELU's form: exact (`'none'`) or the tanh approximation, like `F.gelu`'s `approximate`. */
export type GeluApproximate = 'none' | 'tanh'

/**
 * Gaussian error linear unit, like `F.gelu`: `x·Φ(x)` exactly (with erf), or PyTorch's tanh
 * approximation with `approximate = 'tanh'`.
 */
export function gelu(x: Tensor, approximate: GeluApproximate = 'none'): Tensor {
  if (approximate === 'none') return x.mul(0.5).mul(erf(x.mul(Math.SQRT1_2)).add(1))
  if (approximate === 'tanh') {
    // 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
    const beta = Math.SQRT2 * (2 / Math.sqrt(Math.PI)) * 0.5
    const inner = x.add(x.mul(x).mul(x).mul(0.044715)).mul(beta)
    return x.mul(0.5).mul(inner.tanh().add(1))
  }
  throw new Error(
    `gelu: approximate argument must be either none or tanh, got ${String(approximate)}`,
  )
}

/** `1 / (1 + exp(-x))`, like `torch.sigmoid`. */
export function sigmoid(x: Tensor): Tensor {
  return x.sigmoid()
}

/** Hyperbolic tangent, like `torch.tanh`. */
export function tanh(x: Tensor): Tensor {
  return x.tanh()
}

/** PyTorch's legacy choice of dim when `Softmax` gets none: 0 for 0-, 1- and 3-d inputs, else 1. */
export function implicitSoftmaxDim(ndim: number): number {
  return ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1
}

/** Softmax along `dim`, like `F.softmax`. */
export function softmax(x: Tensor, dim?: number): Tensor {
  return coreSoftmax(x, dim ?? implicitSoftmaxDim(x.ndim))
}

/** Log-softmax along `dim`, like `F.log_softmax`. */
export function logSoftmax(x: Tensor, dim?: number): Tensor {
  return coreLogSoftmax(x, dim ?? implicitSoftmaxDim(x.ndim))
}
