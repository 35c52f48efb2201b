import type { Tensor, TensorMethods } from '@othergrad/core'
import { softplus } from './softplus'

/** The Tensor methods `use(softplusOps())` installs. */
export const softplusMethods: TensorMethods = {
  softplus(this: Tensor, beta?: number, threshold?: number): Tensor {
    return softplus(this, beta, threshold)
  },
}
