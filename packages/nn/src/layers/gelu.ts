import type { Tensor } from '@othergrad/core'
import { gelu, type GeluApproximate } from '../functional/activation'
import { Module } from '../module'

/**
 * Gaussian error linear unit, like `torch.nn.GELU`: exact (erf) by default, or
 * `new GELU('tanh')` for the tanh approximation.
 */
export class GELU extends Module {
  readonly approximate: GeluApproximate

  constructor(approximate: GeluApproximate = 'none') {
    super()
    if (approximate !== 'none' && approximate !== 'tanh') {
      throw new Error(
        `GELU: approximate argument must be either none or tanh, got ${String(approximate)}`,
      )
    }
    this.approximate = approximate
  }

  forward(x: Tensor): Tensor {
    return gelu(x, this.approximate)
  }

  override extraRepr(): string {
    return `approximate='${this.approximate}'`
  }
}
