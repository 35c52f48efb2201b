import type { Optimizer } from '../optimizer'
import { checkNumberOption, checkOptionKeys } from '@othergrad/core'
import { LRScheduler, positional } from './lrScheduler'

/**
 * `CosineAnnealingLR`'s optional arguments, `torch.optim.lr_scheduler.CosineAnnealingLR`'s in
 * camelCase.
 */
export interface CosineAnnealingLROptions {
  /** The minimum learning rate (default 0). */
  etaMin?: number
  lastEpoch?: number
}

/**
 * Anneals each group's learning rate from its initial value to `etaMin` along a cosine over
 * `TMax` epochs (and back up after, periodically), like `CosineAnnealingLR`, using PyTorch's
 * recursive form.
 *
 * @example
 * const scheduler = new CosineAnnealingLR(optimizer, 100)
 */
export class CosineAnnealingLR extends LRScheduler {
  readonly TMax: number
  readonly etaMin: number

  constructor(optimizer: Optimizer, TMax: number, options: CosineAnnealingLROptions = {}) {
    checkOptionKeys('CosineAnnealingLR', options, ['etaMin', 'lastEpoch'])
    super(optimizer, options.lastEpoch ?? -1)
    this.TMax = positional(
      'CosineAnnealingLR',
      'TMax',
      TMax,
      { min: 1, integer: true },
      'new CosineAnnealingLR(optimizer, 20, { etaMin })',
    )
    this.etaMin = checkNumberOption('CosineAnnealingLR', 'etaMin', options.etaMin ?? 0)
    this.initialStep()
  }

  getLr(): number[] {
    const { TMax, etaMin, lastEpoch } = this
    const groups = this.optimizer.paramGroups
    if (lastEpoch === 0) return groups.map((g) => g.lr)
    if (this.stepCount === 1 && lastEpoch > 0) {
      return this.baseLrs.map(
        (base) => etaMin + ((base - etaMin) * (1 + Math.cos((lastEpoch * Math.PI) / TMax))) / 2,
      )
    }
    if ((lastEpoch - 1 - TMax) % (2 * TMax) === 0) {
      return groups.map(
        (g, i) => g.lr + ((this.baseLrs[i] - etaMin) * (1 - Math.cos(Math.PI / TMax))) / 2,
      )
    }
    return groups.map(
      (g) =>
        ((1 + Math.cos((Math.PI * lastEpoch) / TMax)) /
          (1 + Math.cos((Math.PI * (lastEpoch - 1)) / TMax))) *
          (g.lr - etaMin) +
        etaMin,
    )
  }
}
