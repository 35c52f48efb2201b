import type { Tensor } from '@othergrad/core'
import { Module } from '../module'

/** Flattens dims `startDim..endDim` (default: all but the batch dim), like `torch.nn.Flatten`. */
export class Flatten extends Module {
  readonly startDim: number
  readonly endDim: number

  constructor(startDim = 1, endDim = -1) {
    super()
    this.startDim = startDim
    this.endDim = endDim
  }

  forward(x: Tensor): Tensor {
    return x.flatten(this.startDim, this.endDim)
  }

  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`
  }
}
