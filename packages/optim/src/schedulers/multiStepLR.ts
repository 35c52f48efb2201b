import { checkNumberOption, checkOptionKeys } from '@othergrad/core'
import type { Optimizer } from '../optimizer'
import { LRScheduler } from './lrScheduler'

/** `MultiStepLR`'s optional arguments, `torch.optim.lr_scheduler.MultiStepLR`'s in camelCase. */
export interface MultiStepLROptions {
  /** Multiplicative factor (default 0.1). */
  gamma?: number
  lastEpoch?: number
}

/**
 * Multiplies each group's learning rate by `gamma` at each milestone epoch (a milestone listed
 * twice applies twice), like `MultiStepLR`.
 *
 * @example
 * const scheduler = new MultiStepLR(optimizer, [30, 80], { gamma: 0.1 })
 */
export class MultiStepLR extends LRScheduler {
  /** Milestone epoch → how many times it was listed. */
  readonly milestones: Record<number, number>
  readonly gamma: number

  constructor(
    optimizer: Optimizer,
    milestones: readonly number[],
    options: MultiStepLROptions = {},
  ) {
    checkOptionKeys('MultiStepLR', options, ['gamma', 'lastEpoch'])
    super(optimizer, options.lastEpoch ?? -1)
    if (!Array.isArray(milestones)) {
      throw new Error('MultiStepLR: milestones must be a list of epoch numbers, e.g. [30, 80]')
    }
    for (const m of milestones)
      checkNumberOption('MultiStepLR', 'milestones', m, { min: 0, integer: true })
    const counts: Record<number, number> = {}
    for (const m of milestones) counts[m] = (counts[m] ?? 0) + 1
    this.milestones = counts
    this.gamma = checkNumberOption('MultiStepLR', 'gamma', options.gamma ?? 0.1)
    this.initialStep()
  }

  getLr(): number[] {
    const groups = this.optimizer.paramGroups
    const count = this.milestones[this.lastEpoch]
    if (count === undefined) return groups.map((g) => g.lr)
    return groups.map((g) => g.lr * this.gamma ** count)
  }
}
