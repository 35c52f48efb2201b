import { Tensor } from '@othergrad/core'
import { softplus } from './softplus'

declare module '@othergrad/core' {
  interface Tensor {
    /** `softplus(this, beta, threshold)`; see `softplus`. */
    softplus(beta?: number, threshold?: number): Tensor
  }
}

Tensor.prototype.softplus = function softplusMethod(
  this: Tensor,
  beta?: number,
  threshold?: number,
): Tensor {
  return softplus(this, beta, threshold)
}
