import type { Optimizer } from '../optimizer'
import { checkNumberOption, checkOptionKeys } from '@othergrad/core'
import { LRScheduler, positional } from './lrScheduler'

/** `StepLR`'s optional arguments, `torch.optim.lr_scheduler.StepLR`'s in camelCase. */
export interface StepLROptions {
  /** Multiplicative factor (default 0.1). */
  gamma?: number
  lastEpoch?: number
}

/**
 * Multiplies each group's learning rate by `gamma` every `stepSize` epochs, like `StepLR`.
 *
 * @example
 * const scheduler = new StepLR(optimizer, 30, { gamma: 0.1 })
 */
export class StepLR extends LRScheduler {
  readonly stepSize: number
  readonly gamma: number

  constructor(optimizer: Optimizer, stepSize: number, options: StepLROptions = {}) {
    checkOptionKeys('StepLR', options, ['gamma', 'lastEpoch'])
    super(optimizer, options.lastEpoch ?? -1)
    this.stepSize = positional(
      'StepLR',
      'stepSize',
      stepSize,
      { min: 1, integer: true },
      'new StepLR(optimizer, 30, { gamma })',
    )
    this.gamma = checkNumberOption('StepLR', 'gamma', options.gamma ?? 0.1)
    this.initialStep()
  }

  getLr(): number[] {
    const groups = this.optimizer.paramGroups
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return groups.map((g) => g.lr)
    return groups.map((g) => g.lr * this.gamma)
  }
}
