import { checkOptionKeys } from '@othergrad/core'
import type { Reduction, Tensor } from '@othergrad/core'
import { huberLoss, type HuberLossOptions } from '../functional/loss'
import { Module } from '../module'

/** Quadratic below `delta`, linear above, like `torch.nn.HuberLoss`. */
export class HuberLoss extends Module {
  readonly reduction: Reduction
  readonly delta: number

  constructor(options: HuberLossOptions = {}) {
    super()
    checkOptionKeys('HuberLoss', options, ['reduction', 'delta'])
    this.reduction = options.reduction ?? 'mean'
    this.delta = options.delta ?? 1
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return huberLoss(input, target, { reduction: this.reduction, delta: this.delta })
  }
}
