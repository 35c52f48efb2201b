import { checkOptionKeys } from '@othergrad/core'
import type { Reduction, Tensor } from '@othergrad/core'
import {
  binaryCrossEntropyWithLogits,
  type BinaryCrossEntropyWithLogitsOptions,
} from '../functional/loss'
import { Module } from '../module'

/**
 * Sigmoid and binary cross-entropy in one stable step, like `torch.nn.BCEWithLogitsLoss`;
 * `weight` and `pos_weight` are buffers under PyTorch's names.
 *
 * @example
 * new BCEWithLogitsLoss({ posWeight: tensor([3]) }).forward(logits, labels)
 */
export class BCEWithLogitsLoss extends Module {
  readonly reduction: Reduction
  declare weight: Tensor | null

  constructor(options: BinaryCrossEntropyWithLogitsOptions = {}) {
    super()
    checkOptionKeys('BCEWithLogitsLoss', options, ['weight', 'posWeight', 'reduction'])
    this.registerBuffer('weight', options.weight ?? null)
    this.registerBuffer('pos_weight', options.posWeight ?? null)
    this.reduction = options.reduction ?? 'mean'
  }

  /** The `pos_weight` buffer. */
  get posWeight(): Tensor | null {
    return this._buffers.get('pos_weight') ?? null
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropyWithLogits(input, target, {
      weight: this.weight,
      posWeight: this.posWeight,
      reduction: this.reduction,
    })
  }
}
