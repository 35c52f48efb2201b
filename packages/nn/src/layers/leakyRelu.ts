import { checkNumberOption, type Tensor } from '@othergrad/core'
import { leakyRelu } from '../functional/activation'
import { Module } from '../module'

/** `x` where positive, `negativeSlope * x` elsewhere, like `torch.nn.LeakyReLU`. */
export class LeakyReLU extends Module {
  readonly negativeSlope: number

  constructor(negativeSlope = 0.01) {
    super()
    this.negativeSlope = checkNumberOption('LeakyReLU', 'negative_slope', negativeSlope)
  }

  forward(x: Tensor): Tensor {
    return leakyRelu(x, this.negativeSlope)
  }

  override extraRepr(): string {
    return `negative_slope=${this.negativeSlope}`
  }
}
