import type { Tensor } from '@othergrad/core'
import { softmax } from '../functional/activation'
import { Module } from '../module'

/**
 * Softmax along `dim`, like `torch.nn.Softmax`. Without a dim it picks PyTorch's legacy implicit
 * one (0 for 0-, 1- and 3-d input, else 1); pass one.
 *
 * @example
 * new Softmax(1).forward(logits)
 */
export class Softmax extends Module {
  readonly dim: number | undefined

  constructor(dim?: number) {
    super()
    this.dim = dim
  }

  forward(x: Tensor): Tensor {
    return softmax(x, this.dim)
  }

  override extraRepr(): string {
    return `dim=${this.dim ?? 'None'}`
  }
}
