import type { Tensor } from '@othergrad/core'
import { logSoftmax } from '../functional/activation'
import { Module } from '../module'

/** Log-softmax along `dim`, computed stably, like `torch.nn.LogSoftmax`. */
export class LogSoftmax extends Module {
  readonly dim: number | undefined

  constructor(dim?: number) {
    super()
    this.dim = dim
  }

  forward(x: Tensor): Tensor {
    return logSoftmax(x, this.dim)
  }

  override extraRepr(): string {
    return `dim=${this.dim ?? 'None'}`
  }
}
