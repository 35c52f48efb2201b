import {
  checkOptionKeys,
  nllLoss,
  type NllLossOptions,
  type Reduction,
  type Tensor,
} from '@othergrad/core'
import { Module } from '../module'

/**
 * Negative log-likelihood of log-probabilities `[N, C, ...]` at int32 class indices, like
 * `torch.nn.NLLLoss`.
 */
export class NLLLoss extends Module {
  readonly ignoreIndex: number
  readonly reduction: Reduction
  declare weight: Tensor | null

  constructor(options: NllLossOptions = {}) {
    super()
    checkOptionKeys('NLLLoss', options, ['weight', 'ignoreIndex', 'reduction'])
    this.registerBuffer('weight', options.weight ?? null)
    this.ignoreIndex = options.ignoreIndex ?? -100
    this.reduction = options.reduction ?? 'mean'
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return nllLoss(input, target, {
      weight: this.weight,
      ignoreIndex: this.ignoreIndex,
      reduction: this.reduction,
    })
  }
}
