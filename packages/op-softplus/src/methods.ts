import type { Tensor, TensorMethods } from '@othergrad/core'
import { softplus } from './softplus'

declare module '@othergrad/core' {
  interface Tensor {
    /** `softplus(this, beta, threshold)`, once `use(softplusOps())` has run; see `softplus`. */
    softplus(beta?: number, threshold?: number): Tensor
  }
}

/** The Tensor methods `use(softplusOps())` installs. */
export const softplusMethods: TensorMethods = {
  softplus(this: Tensor, beta?: number, threshold?: number): Tensor {
    return softplus(this, beta, threshold)
  },
}
