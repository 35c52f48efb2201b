import { describe, expect, it } from 'vitest'
import { CrossEntropyLoss, Linear, ReLU, Sequential, Tanh } from '@othergrad/nn'
import { loadFile } from '@othergrad/nn/node'
import { Adam, SGD, StepLR, type LRScheduler, type Optimizer } from '../src/index'
import { decode, expectClose, fixture, fixturePath, type Encoded } from './helpers'
import { useCpu } from './setup'

await useCpu()

interface Run {
  losses: number[]
  final: Record<string, Encoded>
}

const f = fixture<{ batches: { x: Encoded; y: Encoded }[]; sgd: Run; adam: Run }>('mlp.json')
const initial = await loadFile(fixturePath('mlpInitial.safetensors'))

/** The generator's model, loaded from the initial state PyTorch saved. */
function model(): Sequential {
  const m = new Sequential(
    new Linear(6, 16),
    new ReLU(),
    new Linear(16, 16),
    new Tanh(),
    new Linear(16, 3),
  )
  m.loadStateDict(initial)
  return m
}

function train(
  m: Sequential,
  opt: Optimizer,
  lossFn: CrossEntropyLoss,
  scheduler?: LRScheduler,
): number[] {
  return f.batches.map(({ x, y }) => {
    opt.zeroGrad()
    const loss = lossFn.forward(m.forward(decode(x)), decode(y))
    loss.backward()
    opt.step()
    scheduler?.step()
    return loss.itemSync()
  })
}

function expectLosses(actual: number[], expected: number[]): void {
  expect(actual).toHaveLength(20)
  actual.forEach((loss, step) => {
    const tol = 1e-5 * Math.abs(expected[step]) + 1e-6
    if (Math.abs(loss - expected[step]) > tol)
      expect.fail(`loss at step ${step + 1} is ${loss}, PyTorch recorded ${expected[step]}`)
  })
}

describe('a small MLP trained from a PyTorch initial state', () => {
  it('matches PyTorch’s losses step by step over 20 steps of SGD with momentum, weight decay and StepLR', () => {
    const m = model()
    const opt = new SGD(m.parameters(), { lr: 0.1, momentum: 0.9, weightDecay: 1e-4 })
    const losses = train(m, opt, new CrossEntropyLoss(), new StepLR(opt, 5, { gamma: 0.5 }))
    expectLosses(losses, f.sgd.losses)
    const state = m.stateDict()
    for (const [name, e] of Object.entries(f.sgd.final))
      expectClose(state[name], e, `final ${name}`, { rtol: 1e-4, atol: 1e-5 })
  })

  it('matches PyTorch’s losses step by step over 20 steps of Adam with label smoothing', () => {
    const m = model()
    const losses = train(
      m,
      new Adam(m.parameters(), { lr: 0.01 }),
      new CrossEntropyLoss({ labelSmoothing: 0.1 }),
    )
    expectLosses(losses, f.adam.losses)
    const state = m.stateDict()
    for (const [name, e] of Object.entries(f.adam.final))
      expectClose(state[name], e, `final ${name}`, { rtol: 1e-4, atol: 1e-5 })
  })
})
