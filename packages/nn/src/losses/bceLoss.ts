import { checkOptionKeys } from '@othergrad/core'
import type { Reduction, Tensor } from '@othergrad/core'
import { binaryCrossEntropy, type BinaryCrossEntropyOptions } from '../functional/loss'
import { Module } from '../module'

/** Binary cross-entropy of probabilities, like `torch.nn.BCELoss`; `weight` is a buffer. */
export class BCELoss extends Module {
  readonly reduction: Reduction
  declare weight: Tensor | null

  constructor(options: BinaryCrossEntropyOptions = {}) {
    super()
    checkOptionKeys('BCELoss', options, ['weight', 'reduction'])
    this.registerBuffer('weight', options.weight ?? null)
    this.reduction = options.reduction ?? 'mean'
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropy(input, target, { weight: this.weight, reduction: this.reduction })
  }
}
