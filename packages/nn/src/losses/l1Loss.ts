import { checkOptionKeys } from '@othergrad/core'
import type { Reduction, Tensor } from '@othergrad/core'
import { l1Loss, type ReductionOptions } from '../functional/loss'
import { Module } from '../module'

/** Mean absolute error, like `torch.nn.L1Loss`. */
export class L1Loss extends Module {
  readonly reduction: Reduction

  constructor(options: ReductionOptions = {}) {
    super()
    checkOptionKeys('L1Loss', options, ['reduction'])
    this.reduction = options.reduction ?? 'mean'
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return l1Loss(input, target, { reduction: this.reduction })
  }
}
