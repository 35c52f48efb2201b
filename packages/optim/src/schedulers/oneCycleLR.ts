import { checkNumberOption, checkOptionKeys } from '@othergrad/core'
import type { Optimizer } from '../optimizer'
import { LRScheduler, perGroup } from './lrScheduler'

/** `OneCycleLR`'s optional arguments, `torch.optim.lr_scheduler.OneCycleLR`'s in camelCase. */
export interface OneCycleLROptions {
  /** Steps in the cycle; or give `epochs` and `stepsPerEpoch`. */
  totalSteps?: number
  epochs?: number
  stepsPerEpoch?: number
  /** Fraction of the cycle spent increasing the learning rate (default 0.3). */
  pctStart?: number
  /** `'cos'` (default) or `'linear'` annealing. */
  annealStrategy?: 'cos' | 'linear'
  /** Cycle momentum (or Adam's β1) inversely to the learning rate (default true). */
  cycleMomentum?: boolean
  /** Lowest momentum (default 0.85), one value or one per group. */
  baseMomentum?: number | readonly number[]
  /** Highest momentum (default 0.95), one value or one per group. */
  maxMomentum?: number | readonly number[]
  /** Initial learning rate = maxLr / divFactor (default 25). */
  divFactor?: number
  /** Final learning rate = initial / finalDivFactor (default 1e4). */
  finalDivFactor?: number
  /** Three phases (up, down to initial, annihilate) instead of two (default false). */
  threePhase?: boolean
  lastEpoch?: number
}

const ONE_CYCLE_KEYS = [
  'totalSteps',
  'epochs',
  'stepsPerEpoch',
  'pctStart',
  'annealStrategy',
  'cycleMomentum',
  'baseMomentum',
  'maxMomentum',
  'divFactor',
  'finalDivFactor',
  'threePhase',
  'lastEpoch',
]

interface Phase {
  endStep: number
  startLr: string
  endLr: string
  startMomentum: string
  endMomentum: string
}

/**
 * The 1cycle policy, like `OneCycleLR`: the learning rate rises from `maxLr / divFactor` to
 * `maxLr` and anneals far below it, while momentum (or Adam's β1) moves the opposite way. Step it
 * after every batch.
 *
 * @example
 * const scheduler = new OneCycleLR(optimizer, 0.01, { epochs: 10, stepsPerEpoch: loader.length })
 */
export class OneCycleLR extends LRScheduler {
  readonly totalSteps: number
  readonly phases: Phase[]
  readonly annealStrategy: 'cos' | 'linear'
  readonly cycleMomentum: boolean
  readonly useBeta1: boolean

  constructor(
    optimizer: Optimizer,
    maxLr: number | readonly number[],
    options: OneCycleLROptions = {},
  ) {
    checkOptionKeys('OneCycleLR', options, ONE_CYCLE_KEYS)
    const lastEpoch = options.lastEpoch ?? -1
    super(optimizer, lastEpoch)
    const {
      totalSteps,
      epochs,
      stepsPerEpoch,
      pctStart = 0.3,
      annealStrategy = 'cos',
      cycleMomentum = true,
      baseMomentum = 0.85,
      maxMomentum = 0.95,
      divFactor = 25,
      finalDivFactor = 1e4,
      threePhase = false,
    } = options
    const positive = (name: string, v: number) => {
      if (!Number.isInteger(v) || v <= 0)
        throw new Error(`OneCycleLR: Expected positive integer ${name}, but got ${v}`)
      return v
    }
    if (totalSteps !== undefined) this.totalSteps = positive('total_steps', totalSteps)
    else if (epochs !== undefined && stepsPerEpoch !== undefined)
      this.totalSteps = positive('epochs', epochs) * positive('steps_per_epoch', stepsPerEpoch)
    else
      throw new Error('OneCycleLR: You must define either totalSteps OR (epochs AND stepsPerEpoch)')
    checkNumberOption('OneCycleLR', 'divFactor', divFactor, { min: 0, minExclusive: true })
    checkNumberOption('OneCycleLR', 'finalDivFactor', finalDivFactor, {
      min: 0,
      minExclusive: true,
    })
    if (typeof pctStart !== 'number' || !(pctStart >= 0 && pctStart <= 1))
      throw new Error(`OneCycleLR: Expected float between 0 and 1 pct_start, but got ${pctStart}`)
    if (annealStrategy !== 'cos' && annealStrategy !== 'linear') {
      throw new Error(
        `OneCycleLR: anneal_strategy must by one of 'cos' or 'linear', instead got ${String(annealStrategy)}`,
      )
    }
    const total = this.totalSteps
    this.phases = threePhase
      ? [
          {
            endStep: pctStart * total - 1,
            startLr: 'initialLr',
            endLr: 'maxLr',
            startMomentum: 'maxMomentum',
            endMomentum: 'baseMomentum',
          },
          {
            endStep: 2 * pctStart * total - 2,
            startLr: 'maxLr',
            endLr: 'initialLr',
            startMomentum: 'baseMomentum',
            endMomentum: 'maxMomentum',
          },
          {
            endStep: total - 1,
            startLr: 'initialLr',
            endLr: 'minLr',
            startMomentum: 'maxMomentum',
            endMomentum: 'maxMomentum',
          },
        ]
      : [
          {
            endStep: pctStart * total - 1,
            startLr: 'initialLr',
            endLr: 'maxLr',
            startMomentum: 'maxMomentum',
            endMomentum: 'baseMomentum',
          },
          {
            endStep: total - 1,
            startLr: 'maxLr',
            endLr: 'minLr',
            startMomentum: 'baseMomentum',
            endMomentum: 'maxMomentum',
          },
        ]
    this.annealStrategy = annealStrategy
    const groups = optimizer.paramGroups
    const maxLrs = perGroup('OneCycleLR', 'maxLr', optimizer, maxLr)
    if (lastEpoch === -1) {
      groups.forEach((group, i) => {
        group.initialLr = maxLrs[i] / divFactor
        group.maxLr = maxLrs[i]
        group.minLr = (group.initialLr as number) / finalDivFactor
      })
    }
    this.cycleMomentum = cycleMomentum
    const defaults = optimizer.defaults as unknown as Record<string, unknown>
    this.useBeta1 = 'betas' in defaults
    if (cycleMomentum) {
      if (!('momentum' in defaults) && !('betas' in defaults)) {
        throw new Error(
          'OneCycleLR: optimizer must support momentum or beta1 with `cycleMomentum` option enabled',
        )
      }
      const maxMomenta = perGroup('OneCycleLR', 'maxMomentum', optimizer, maxMomentum)
      const baseMomenta = perGroup('OneCycleLR', 'baseMomentum', optimizer, baseMomentum)
      if (lastEpoch === -1) {
        groups.forEach((group, i) => {
          this.setMomentum(group, maxMomenta[i])
          group.maxMomentum = maxMomenta[i]
          group.baseMomentum = baseMomenta[i]
        })
      }
    }
    this.baseLrs = groups.map((group) => group.initialLr as number)
    this.initialStep()
  }

  private setMomentum(group: Optimizer['paramGroups'][number], value: number): void {
    if (this.useBeta1) group.betas = [value, ...(group.betas as number[]).slice(1)]
    else group.momentum = value
  }

  private anneal(start: number, end: number, pct: number): number {
    if (this.annealStrategy === 'linear') return (end - start) * pct + start
    const cosOut = Math.cos(Math.PI * pct) + 1
    return end + ((start - end) / 2.0) * cosOut
  }

  getLr(): number[] {
    const step = this.lastEpoch
    if (step > this.totalSteps) {
      throw new Error(
        `OneCycleLR: Tried to step ${step + 1} times. The specified number of total steps is ${this.totalSteps}`,
      )
    }
    return this.optimizer.paramGroups.map((group) => {
      let startStep = 0
      for (let i = 0; i < this.phases.length; i++) {
        const phase = this.phases[i]
        if (step <= phase.endStep || i === this.phases.length - 1) {
          const pct = (step - startStep) / (phase.endStep - startStep)
          const lr = this.anneal(group[phase.startLr] as number, group[phase.endLr] as number, pct)
          if (this.cycleMomentum) {
            this.setMomentum(
              group,
              this.anneal(
                group[phase.startMomentum] as number,
                group[phase.endMomentum] as number,
                pct,
              ),
            )
          }
          return lr
        }
        startStep = phase.endStep
      }
      return group.lr
    })
  }
}
