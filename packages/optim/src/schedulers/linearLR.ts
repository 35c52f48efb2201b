import { checkNumberOption, checkOptionKeys } from '@othergrad/core'
import type { Optimizer } from '../optimizer'
import { LRScheduler } from './lrScheduler'

/** `LinearLR`'s optional arguments, `torch.optim.lr_scheduler.LinearLR`'s in camelCase. */
export interface LinearLROptions {
  /** Factor at epoch 0 (default 1/3). */
  startFactor?: number
  /** Factor reached after `totalIters` epochs (default 1). */
  endFactor?: number
  /** Epochs over which the factor changes linearly (default 5). */
  totalIters?: number
  lastEpoch?: number
}

/**
 * Scales each group's learning rate by a factor that moves linearly from `startFactor` to
 * `endFactor` over `totalIters` epochs (a warm-up), like `LinearLR`.
 *
 * @example
 * const warmup = new LinearLR(optimizer, { startFactor: 0.1, totalIters: 10 })
 */
export class LinearLR extends LRScheduler {
  readonly startFactor: number
  readonly endFactor: number
  readonly totalIters: number

  constructor(optimizer: Optimizer, options: LinearLROptions = {}) {
    checkOptionKeys('LinearLR', options, ['startFactor', 'endFactor', 'totalIters', 'lastEpoch'])
    super(optimizer, options.lastEpoch ?? -1)
    const { startFactor = 1 / 3, endFactor = 1, totalIters = 5 } = options
    checkNumberOption('LinearLR', 'totalIters', totalIters, { min: 1, integer: true })
    if (typeof startFactor !== 'number' || !(startFactor > 0 && startFactor <= 1)) {
      throw new Error(
        'LinearLR: Starting multiplicative factor expected to be greater than 0 and less or equal to 1.',
      )
    }
    if (typeof endFactor !== 'number' || !(endFactor >= 0 && endFactor <= 1))
      throw new Error('LinearLR: Ending multiplicative factor expected to be between 0 and 1.')
    this.startFactor = startFactor
    this.endFactor = endFactor
    this.totalIters = totalIters
    this.initialStep()
  }

  getLr(): number[] {
    const { startFactor, endFactor, totalIters, lastEpoch } = this
    const groups = this.optimizer.paramGroups
    if (lastEpoch === 0) return groups.map((g) => g.lr * startFactor)
    if (lastEpoch > totalIters) return groups.map((g) => g.lr)
    const factor =
      1 +
      (endFactor - startFactor) /
        (totalIters * startFactor + (lastEpoch - 1) * (endFactor - startFactor))
    return groups.map((g) => g.lr * factor)
  }
}
