import { describe, expect, it } from 'vitest'
import { memory, tensor, type Tensor } from '@othergrad/core'
import {
  Adadelta,
  Adagrad,
  Adam,
  AdamW,
  Optimizer,
  RMSprop,
  SGD,
  type ParamGroupInput,
} from '../src/index'
import { decode, expectClose } from './helpers'
import { objective, optimizerFixture, type OptimizerCase } from './optimizerFixture'
import { useCpu } from './setup'

await useCpu()

const f = optimizerFixture

const OPTIMIZERS = { SGD, Adam, AdamW, Adagrad, RMSprop, Adadelta }

function build(c: OptimizerCase, params: Tensor[]): Optimizer {
  const Ctor = OPTIMIZERS[c.optimizer] as unknown as new (p: unknown, o: unknown) => Optimizer
  const groups: ParamGroupInput[] | Tensor[] = c.groups
    ? c.groups.map((g, i) => ({ params: [params[i]], ...g }))
    : params
  return new Ctor(groups, c.options)
}

function freshParams(): Tensor[] {
  return f.initial.map((e) => decode(e, true))
}

function train(opt: Optimizer, params: Tensor[], steps: number): number[] {
  const losses: number[] = []
  for (let i = 0; i < steps; i++) {
    opt.zeroGrad()
    const loss = objective(params[0], params[1])
    loss.backward()
    opt.step()
    losses.push(loss.itemSync())
  }
  return losses
}

describe('optimizer trajectories match PyTorch', () => {
  for (const c of f.cases) {
    it(c.name, () => {
      const params = freshParams()
      const opt = build(c, params)
      c.trajectory.forEach((expected, step) => {
        opt.zeroGrad()
        const loss = objective(params[0], params[1])
        loss.backward()
        opt.step()
        expectClose(
          loss,
          { dtype: 'float64', shape: [], data: [c.losses[step]] },
          `loss before step ${step + 1}`,
        )
        params.forEach((p, i) =>
          expectClose(p, expected[i], `parameter ${i} after step ${step + 1}`),
        )
      })
    })
  }
})

describe('optimizer state dicts', () => {
  for (const name of ['SGD', 'Adam', 'AdamW', 'Adagrad', 'RMSprop', 'Adadelta'] as const) {
    it(`${name} resumes exactly from a state dict`, () => {
      const c = f.cases.filter((x) => x.optimizer === name).at(-1)!
      const steps = c.trajectory.length
      const reference = freshParams()
      train(build(c, reference), reference, steps)

      const params = freshParams()
      const first = build(c, params)
      train(first, params, 3)
      const saved = first.stateDict()
      const resumedParams = params.map((p) => p.detach().clone().requiresGrad_())
      const resumed = build(c, resumedParams)
      resumed.loadStateDict(saved)
      train(first, params, 1) // the original keeps going: the loaded state must be a copy
      train(resumed, resumedParams, steps - 3)
      resumedParams.forEach((p, i) =>
        expect([...p.dataSync()]).toEqual([...reference[i].dataSync()]),
      )
      resumedParams.forEach((p, i) => expectClose(p, c.trajectory[steps - 1][i], `parameter ${i}`))
    })
  }

  it('numbers parameters in group order and keeps each group’s options', () => {
    const a = tensor([1], { requiresGrad: true })
    const b = tensor([2], { requiresGrad: true })
    const opt = new Adam([{ params: [a] }, { params: [b], lr: 0.5, betas: [0.5, 0.9] }], {
      lr: 0.1,
    })
    a.grad = tensor([1])
    opt.step()
    const sd = opt.stateDict()
    expect(Object.keys(sd.state)).toEqual(['0'])
    expect(sd.state[0].step).toBe(1)
    expect(sd.paramGroups.map((g) => [g.params, g.lr, g.betas])).toEqual([
      [[0], 0.1, [0.9, 0.999]],
      [[1], 0.5, [0.5, 0.9]],
    ])
  })

  it('rejects a state dict for other groups', () => {
    const opt = new SGD([tensor([1], { requiresGrad: true })], { lr: 0.1 })
    const other = new SGD([
      { params: [tensor([1], { requiresGrad: true })] },
      { params: [tensor([1], { requiresGrad: true })] },
    ])
    expect(() => opt.loadStateDict(other.stateDict())).toThrow(
      /different number of parameter groups/,
    )
    const bigger = new SGD([
      tensor([1], { requiresGrad: true }),
      tensor([1], { requiresGrad: true }),
    ])
    expect(() => opt.loadStateDict(bigger.stateDict())).toThrow(
      /doesn't match the size of optimizer's group/,
    )
  })
})

describe('optimizer behaviour', () => {
  it('zeroes gradients to null by default and to zeros on request', () => {
    const p = tensor([1, 2], { requiresGrad: true })
    const opt = new SGD([p], { lr: 0.1 })
    p.grad = tensor([3, 4])
    opt.zeroGrad({ setToNone: false })
    expect(p.grad!.toArraySync()).toEqual([0, 0])
    opt.zeroGrad()
    expect(p.grad).toBeNull()
  })

  it('skips parameters without gradients', () => {
    const p = tensor([1, 2], { requiresGrad: true })
    const q = tensor([5], { requiresGrad: true })
    const opt = new SGD([p, q], { lr: 0.5, momentum: 0.9 })
    p.grad = tensor([1, 1])
    opt.step()
    expect(p.toArraySync()).toEqual([0.5, 1.5])
    expect(q.toArraySync()).toEqual([5])
    expect(opt.state.has(q)).toBe(false)
  })

  it('returns the closure’s loss, evaluated with gradients on', () => {
    const p = tensor([3], { requiresGrad: true })
    const opt = new SGD([p], { lr: 0.25 })
    const loss = opt.step(() => {
      opt.zeroGrad()
      const l = p.mul(p).sum()
      l.backward()
      return l
    })
    expect((loss as Tensor).itemSync()).toBe(9)
    expect(p.itemSync()).toBe(1.5)
  })

  it('updates in place without recording a graph', () => {
    const p = tensor([1, 2], { requiresGrad: true })
    const opt = new Adam([p], { lr: 0.1 })
    p.grad = tensor([1, -1])
    const version = p.version
    opt.step()
    expect(p.isLeaf && p.gradFn === null && p.requiresGrad).toBe(true)
    expect(p.version).toBeGreaterThan(version)
  })

  it('does not grow memory from step to step', () => {
    for (const make of [
      (ps: Tensor[]) => new SGD(ps, { lr: 0.01, momentum: 0.9, nesterov: true, weightDecay: 0.1 }),
      (ps: Tensor[]) => new Adam(ps, { amsgrad: true, weightDecay: 0.1 }),
      (ps: Tensor[]) => new AdamW(ps),
      (ps: Tensor[]) => new Adagrad(ps, { weightDecay: 0.1 }),
      (ps: Tensor[]) => new RMSprop(ps, { centered: true, momentum: 0.9 }),
    ]) {
      const params = freshParams()
      params.forEach((p) => (p.grad = p.detach().clone().mul(0.5)))
      const opt = make(params)
      opt.step()
      const before = memory().cpu
      for (let i = 0; i < 20; i++) opt.step()
      const after = memory().cpu
      expect(after.tensors, opt.constructor.name).toBe(before.tensors)
      expect(after.bytes, opt.constructor.name).toBe(before.bytes)
    }
  })

  it('checks its arguments with PyTorch’s messages', () => {
    const p = tensor([1], { requiresGrad: true })
    expect(() => new SGD(p as unknown as Tensor[])).toThrow(/should be an iterable of Tensors/)
    expect(() => new SGD([])).toThrow(/empty parameter list/)
    expect(() => new SGD([p.mul(2)])).toThrow(/can't optimize a non-leaf Tensor/)
    expect(() => new SGD([p], { lr: -1 })).toThrow(/Invalid learning rate: -1/)
    expect(() => new SGD([p], { nesterov: true })).toThrow(
      /Nesterov momentum requires a momentum and zero dampening/,
    )
    expect(() => new Adam([p], { betas: [1, 0.9] })).toThrow(/Invalid beta parameter at index 0: 1/)
    expect(() => new SGD([{ params: [p] }, { params: [p] }])).toThrow(
      /more than one parameter group/,
    )
  })
})

describe('optimizer options are checked', () => {
  const params = () => [tensor([1, 2], { requiresGrad: true })]

  it('rejects unknown options, suggesting the known one', () => {
    expect(() => new SGD(params(), { lr: 0.1, weight_decay: 1e-4 } as object)).toThrow(
      "SGD: unknown option 'weight_decay'; did you mean 'weightDecay'? (known options: lr, momentum, dampening, weightDecay, nesterov, maximize)",
    )
    expect(() => new Adam(params(), { beta: [0.9, 0.99] } as object)).toThrow(
      "Adam: unknown option 'beta'; did you mean 'betas'?",
    )
    expect(() => new SGD([{ params: params(), learningRate: 0.1 }])).toThrow(
      "SGD: unknown option 'learningRate'",
    )
  })

  it('rejects hyperparameters that are not finite numbers', () => {
    expect(() => new SGD(params(), { lr: NaN })).toThrow('SGD: Invalid learning rate: NaN')
    expect(() => new SGD(params(), { lr: Infinity })).toThrow(
      'SGD: Invalid learning rate: Infinity',
    )
    expect(() => new SGD(params(), { lr: 0.1, momentum: '0.9' as unknown as number })).toThrow(
      "SGD: momentum must be a finite number, got '0.9'",
    )
    expect(() => new Adam(params(), { betas: [0.9, NaN] })).toThrow(
      'Adam: betas[1] must be a finite number, got NaN',
    )
    expect(() => new AdamW(params(), { eps: Infinity })).toThrow(
      'AdamW: eps must be a finite number, got Infinity',
    )
    expect(() => new SGD(params(), { lr: 0.1, nesterov: 1 as unknown as boolean })).toThrow(
      'SGD: nesterov must be a boolean, got number',
    )
  })

  it('checks the options of a loaded state dict before changing anything', () => {
    const opt = new SGD(params(), { lr: 0.1 })
    const saved = opt.stateDict()
    saved.paramGroups[0].lr = 'abc'
    expect(() => opt.loadStateDict(saved)).toThrow('SGD: Invalid learning rate: abc')
    saved.paramGroups[0].lr = 0.5
    saved.paramGroups[0].momentun = 0.9
    expect(() => opt.loadStateDict(saved)).toThrow("SGD: unknown option 'momentun'")
    expect(opt.paramGroups[0].lr).toBe(0.1)
  })
})
