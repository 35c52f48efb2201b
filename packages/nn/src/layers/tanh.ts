import type { Tensor } from '@othergrad/core'
import { Module } from '../module'

/** Hyperbolic tangent elementwise, like `torch.nn.Tanh`. */
export class Tanh extends Module {
  forward(x: Tensor): Tensor {
    return x.tanh()
  }
}
