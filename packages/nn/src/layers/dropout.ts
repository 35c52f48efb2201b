import type { Tensor } from '@othergrad/core'
import { dropout } from '../functional/dropout'
import { Module } from '../module'

/**
 * Zeroes elements with probability `p` in training mode and scales the rest by `1 / (1 - p)`;
 * the identity in eval mode. Like `torch.nn.Dropout`, with the mask drawn from core's seeded
 * generator as PyTorch draws it.
 */
export class Dropout extends Module {
  readonly p: number

  constructor(p = 0.5) {
    super()
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
      throw new Error(`Dropout: dropout probability has to be between 0 and 1, but got ${p}`)
    }
    this.p = p
  }

  forward(x: Tensor): Tensor {
    return dropout(x, this.p, this.training)
  }

  override extraRepr(): string {
    return `p=${this.p}`
  }
}
