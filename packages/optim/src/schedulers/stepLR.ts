import type { Optimizer } from '../optimizer'
import { LRScheduler } from './lrScheduler'

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
    super(optimizer, options.lastEpoch ?? -1)
    if (!Number.isInteger(stepSize) || stepSize <= 0)
      throw new Error(`StepLR: step_size must be a positive integer, got ${stepSize}`)
    this.stepSize = stepSize
    this.gamma = options.gamma ?? 0.1
    this.initialStep()
  }

  getLr(): number[] {
    const groups = this.optimizer.paramGroups
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return groups.map((g) => g.lr)
    return groups.map((g) => g.lr * this.gamma)
  }
}
