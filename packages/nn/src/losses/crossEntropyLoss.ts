import {
  checkOptionKeys,
  crossEntropy,
  type CrossEntropyOptions,
  type Reduction,
  type Tensor,
} from '@othergrad/core'
import { Module } from '../module'

/**
 * Cross-entropy between logits `[N, C, ...]` and class indices (int32) or class probabilities,
 * like `torch.nn.CrossEntropyLoss`, with `weight`, `ignoreIndex`, `reduction` and
 * `labelSmoothing`. `weight` is a buffer, as in PyTorch.
 *
 * @example
 * const lossFn = new CrossEntropyLoss({ labelSmoothing: 0.1 })
 * const loss = lossFn.forward(logits, labels)
 */
export class CrossEntropyLoss extends Module {
  readonly ignoreIndex: number
  readonly reduction: Reduction
  readonly labelSmoothing: number
  declare weight: Tensor | null

  constructor(options: CrossEntropyOptions = {}) {
    super()
    checkOptionKeys('CrossEntropyLoss', options, [
      'weight',
      'ignoreIndex',
      'reduction',
      'labelSmoothing',
    ])
    this.registerBuffer('weight', options.weight ?? null)
    this.ignoreIndex = options.ignoreIndex ?? -100
    this.reduction = options.reduction ?? 'mean'
    this.labelSmoothing = options.labelSmoothing ?? 0
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return crossEntropy(input, target, {
      weight: this.weight,
      ignoreIndex: this.ignoreIndex,
      reduction: this.reduction,
      labelSmoothing: this.labelSmoothing,
    })
  }
}
