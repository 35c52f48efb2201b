import { checkOptionKeys } from '@othergrad/core'
import type { Reduction, Tensor } from '@othergrad/core'
import { mseLoss, type ReductionOptions } from '../functional/loss'
import { Module } from '../module'

/** Mean squared error, like `torch.nn.MSELoss`. */
export class MSELoss extends Module {
  readonly reduction: Reduction

  constructor(options: ReductionOptions = {}) {
    super()
    checkOptionKeys('MSELoss', options, ['reduction'])
    this.reduction = options.reduction ?? 'mean'
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return mseLoss(input, target, { reduction: this.reduction })
  }
}
