import type { Tensor } from '@othergrad/core'
import { Module } from '../module'

/** `1 / (1 + exp(-x))` elementwise, like `torch.nn.Sigmoid`. */
export class Sigmoid extends Module {
  forward(x: Tensor): Tensor {
    return x.sigmoid()
  }
}
