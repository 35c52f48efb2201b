import type { Optimizer } from '../optimizer'
import { checkOptionKeys } from '@othergrad/core'
import { LRScheduler, positional } from './lrScheduler'

/**
 * Multiplies each group's learning rate by `gamma` every epoch, like `ExponentialLR`.
 *
 * @example
 * const scheduler = new ExponentialLR(optimizer, 0.9)
 */
export class ExponentialLR extends LRScheduler {
  readonly gamma: number

  constructor(optimizer: Optimizer, gamma: number, options: { lastEpoch?: number } = {}) {
    checkOptionKeys('ExponentialLR', options, ['lastEpoch'])
    super(optimizer, options.lastEpoch ?? -1)
    this.gamma = positional(
      'ExponentialLR',
      'gamma',
      gamma,
      {},
      'new ExponentialLR(optimizer, 0.9)',
    )
    this.initialStep()
  }

  getLr(): number[] {
    const groups = this.optimizer.paramGroups
    if (this.lastEpoch === 0) return groups.map((g) => g.lr)
    return groups.map((g) => g.lr * this.gamma)
  }
}
