import { checkNumberOption, checkOptionKeys } from '@othergrad/core'
import type { Optimizer } from '../optimizer'
import { LRScheduler } from './lrScheduler'

/** The factor applied to a group's initial learning rate at an epoch. */
export type LrLambda = (epoch: number) => number

/**
 * Sets each group's learning rate to its initial value times `lrLambda(epoch)` (one function,
 * or one per group), like `LambdaLR`. The functions are not part of `stateDict()`.
 *
 * @example
 * const scheduler = new LambdaLR(optimizer, (epoch) => 0.95 ** epoch)
 */
export class LambdaLR extends LRScheduler {
  readonly lrLambdas: LrLambda[]

  constructor(
    optimizer: Optimizer,
    lrLambda: LrLambda | readonly LrLambda[],
    options: { lastEpoch?: number } = {},
  ) {
    checkOptionKeys('LambdaLR', options, ['lastEpoch'])
    super(optimizer, options.lastEpoch ?? -1)
    const n = optimizer.paramGroups.length
    const lambdas = typeof lrLambda === 'function' ? [lrLambda] : lrLambda
    if (!Array.isArray(lambdas) || lambdas.some((f) => typeof f !== 'function')) {
      throw new Error('LambdaLR: lrLambda must be a function or a list of functions, one per group')
    }
    if (typeof lrLambda === 'function') {
      this.lrLambdas = new Array<LrLambda>(n).fill(lrLambda)
    } else {
      if (lrLambda.length !== n)
        throw new Error(`LambdaLR: Expected ${n} lr_lambdas, but got ${lrLambda.length}`)
      this.lrLambdas = [...lrLambda]
    }
    this.initialStep()
  }

  getLr(): number[] {
    return this.baseLrs.map((base, i) => {
      const factor = this.lrLambdas[i](this.lastEpoch)
      return base * checkNumberOption('LambdaLR', `lrLambda(${this.lastEpoch})`, factor)
    })
  }
}
