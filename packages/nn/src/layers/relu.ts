import type { Tensor } from '@othergrad/core'
import { Module } from '../module'

/** `max(x, 0)` elementwise, like `torch.nn.ReLU`. */
export class ReLU extends Module {
  forward(x: Tensor): Tensor {
    return x.relu()
  }
}
