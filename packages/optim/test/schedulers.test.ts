import { describe, expect, it } from 'vitest'
import { zeros } from '@othergrad/core'
import {
  Adagrad,
  Adam,
  CosineAnnealingLR,
  ExponentialLR,
  LambdaLR,
  LinearLR,
  LRScheduler,
  MultiStepLR,
  OneCycleLR,
  SGD,
  StepLR,
  type LrLambda,
  type Optimizer,
} from '../src/index'
import { fixture } from './helpers'
import { useCpu } from './setup'

await useCpu()

interface SchedulerCase {
  name: string
  scheduler: string
  optimizer: 'SGD' | 'Adam'
  options: Record<string, unknown>
  lrs: number[][]
  momenta: number[][]
}

const { cases } = fixture<{ cases: SchedulerCase[] }>('schedulers.json')

const LAMBDAS: Record<string, LrLambda> = {
  decay: (epoch) => 0.95 ** epoch,
  warmup: (epoch) => Math.min(1.0, (epoch + 1) / 4),
}

/** The generator's optimizer: two groups, lr 0.1 and 0.01. */
function optimizerFor(name: 'SGD' | 'Adam'): Optimizer {
  const groups = [
    { params: [zeros([2], { requiresGrad: true })] },
    { params: [zeros([2], { requiresGrad: true })], lr: 0.01 },
  ]
  return name === 'SGD'
    ? new SGD(groups, { lr: 0.1, momentum: 0.9 })
    : new Adam(groups, { lr: 0.1 })
}

function build(c: SchedulerCase, opt: Optimizer): LRScheduler {
  const o = c.options as Record<string, never>
  switch (c.scheduler) {
    case 'StepLR':
      return new StepLR(opt, o.stepSize, { gamma: o.gamma })
    case 'MultiStepLR':
      return new MultiStepLR(opt, o.milestones, { gamma: o.gamma })
    case 'ExponentialLR':
      return new ExponentialLR(opt, o.gamma)
    case 'CosineAnnealingLR':
      return new CosineAnnealingLR(opt, o.TMax, { etaMin: o.etaMin })
    case 'LinearLR':
      return new LinearLR(opt, o)
    case 'OneCycleLR': {
      const { maxLr, ...rest } = o
      return new OneCycleLR(opt, maxLr, rest)
    }
    case 'LambdaLR': {
      const lr = o.lrLambda as string | string[]
      return new LambdaLR(opt, Array.isArray(lr) ? lr.map((n) => LAMBDAS[n]) : LAMBDAS[lr])
    }
    default:
      throw new Error(`no scheduler ${c.scheduler}`)
  }
}

function momenta(opt: Optimizer): number[] {
  return opt.paramGroups.map((g) => (g.betas ? (g.betas as number[])[0] : (g.momentum as number)))
}

function expectSequenceClose(actual: number[], expected: number[], what: string): void {
  expect(actual.length, what).toBe(expected.length)
  actual.forEach((a, i) => {
    if (Math.abs(a - expected[i]) > 1e-12 * Math.abs(expected[i]) + 1e-15) {
      expect.fail(`${what}: group ${i} is ${a}, PyTorch gives ${expected[i]}`)
    }
  })
}

describe('learning-rate sequences match PyTorch', () => {
  for (const c of cases) {
    it(c.name, () => {
      const opt = optimizerFor(c.optimizer)
      const scheduler = build(c, opt)
      c.lrs.forEach((expected, epoch) => {
        if (epoch > 0) {
          opt.step()
          scheduler.step()
        }
        expectSequenceClose(scheduler.getLastLr(), expected, `lr at epoch ${epoch}`)
        expectSequenceClose(
          opt.paramGroups.map((g) => g.lr),
          expected,
          `group lr at epoch ${epoch}`,
        )
        expectSequenceClose(momenta(opt), c.momenta[epoch], `momentum at epoch ${epoch}`)
      })
    })
  }
})

describe('scheduler behaviour', () => {
  it('resumes from a state dict', () => {
    const opt = optimizerFor('SGD')
    const a = new CosineAnnealingLR(opt, 7, { etaMin: 0.001 })
    for (let i = 0; i < 4; i++) a.step()
    const state = a.stateDict()
    const b = new CosineAnnealingLR(optimizerFor('SGD'), 1)
    b.loadStateDict(state)
    expect(b.lastEpoch).toBe(4)
    expect(b.getLastLr()).toEqual(a.getLastLr())
    expect(b.stateDict()).toEqual(state)
  })

  it('leaves functions out of LambdaLR’s state dict', () => {
    const s = new LambdaLR(optimizerFor('SGD'), LAMBDAS.decay)
    expect(Object.keys(s.stateDict())).not.toContain('lrLambdas')
  })

  it('refuses to step OneCycleLR past its total steps', () => {
    const s = new OneCycleLR(optimizerFor('SGD'), 0.1, { totalSteps: 2 })
    s.step()
    s.step()
    expect(() => s.step()).toThrow(
      /Tried to step 4 times. The specified number of total steps is 2/,
    )
  })

  it('checks OneCycleLR’s arguments', () => {
    expect(() => new OneCycleLR(optimizerFor('SGD'), 0.1)).toThrow(
      /either totalSteps OR \(epochs AND stepsPerEpoch\)/,
    )
    const adagrad = new Adagrad([zeros([1], { requiresGrad: true })])
    expect(() => new OneCycleLR(adagrad, 0.1, { totalSteps: 5 })).toThrow(
      /must support momentum or beta1/,
    )
    expect(() => new OneCycleLR(optimizerFor('SGD'), [0.1], { totalSteps: 5 })).toThrow(
      /expected 2 values for maxLr/,
    )
  })

  it('requires initialLr in every group when resuming with lastEpoch', () => {
    expect(() => new StepLR(optimizerFor('SGD'), 2, { lastEpoch: 3 })).toThrow(
      /param 'initialLr' is not specified in paramGroups\[0\]/,
    )
  })
})

describe('scheduler arguments are checked', () => {
  it('rejects an options object where TMax belongs, instead of a NaN learning rate', () => {
    const opt = optimizerFor('SGD')
    expect(() => new CosineAnnealingLR(opt, { TMax: 20 } as unknown as number)).toThrow(
      'CosineAnnealingLR: TMax is a positional number, got an options object; write new CosineAnnealingLR(optimizer, 20, { etaMin })',
    )
    expect(() => new CosineAnnealingLR(opt, 0)).toThrow(
      'CosineAnnealingLR: TMax must be an integer >= 1, got 0',
    )
    expect(opt.paramGroups.every((g) => Number.isFinite(g.lr))).toBe(true)
  })

  it('rejects unknown options, suggesting the known one', () => {
    expect(
      () => new CosineAnnealingLR(optimizerFor('SGD'), 10, { eta_min: 0.1 } as object),
    ).toThrow("CosineAnnealingLR: unknown option 'eta_min'; did you mean 'etaMin'?")
    expect(() => new StepLR(optimizerFor('SGD'), 2, { gama: 0.5 } as object)).toThrow(
      "StepLR: unknown option 'gama'; did you mean 'gamma'?",
    )
    expect(() => new OneCycleLR(optimizerFor('SGD'), 0.1, { total_steps: 5 } as object)).toThrow(
      "OneCycleLR: unknown option 'total_steps'; did you mean 'totalSteps'?",
    )
  })

  it('rejects non-finite hyperparameters', () => {
    expect(() => new StepLR(optimizerFor('SGD'), 2, { gamma: NaN })).toThrow(
      'StepLR: gamma must be a finite number, got NaN',
    )
    expect(() => new ExponentialLR(optimizerFor('SGD'), Infinity)).toThrow(
      'ExponentialLR: gamma must be a finite number, got Infinity',
    )
    expect(() => new MultiStepLR(optimizerFor('SGD'), [2, 1.5])).toThrow(
      'MultiStepLR: milestones must be an integer >= 0, got 1.5',
    )
    expect(() => new OneCycleLR(optimizerFor('SGD'), NaN, { totalSteps: 5 })).toThrow(
      'OneCycleLR: maxLr must be a finite number, got NaN',
    )
    expect(() => new LinearLR(optimizerFor('SGD'), { totalIters: 0 })).toThrow(
      'LinearLR: totalIters must be an integer >= 1, got 0',
    )
    const lambda = new LambdaLR(optimizerFor('SGD'), () => 1)
    lambda.lrLambdas[0] = () => NaN
    expect(() => lambda.step()).toThrow('LambdaLR: lrLambda(1) must be a finite number, got NaN')
  })
})
