import { beforeAll, describe, expect, it } from 'vitest'
import {
  crossEntropy,
  manualSeed,
  randint,
  randn,
  setBackend,
  use,
  type Tensor,
} from '@othergrad/core'
import { cpuBackend } from '@othergrad/backend-cpu'
import { BatchNorm1d, Linear, Module, ReLU, Sequential } from '@othergrad/nn'
import { Adam, SGD, type Optimizer } from '../src/index'

// A second CPU instance stands in for another backend: the numbers must match bit for bit.
beforeAll(async () => {
  use(cpuBackend())
  use(cpuBackend({ name: 'other' }))
  await setBackend('cpu')
})

class Net extends Module {
  body = new Sequential(new Linear(4, 8), new BatchNorm1d(8), new ReLU(), new Linear(8, 3))
  forward(x: Tensor): Tensor {
    return this.body.forward(x)
  }
}

function data() {
  manualSeed(1)
  return { x: randn([16, 4]), y: randint(0, 3, [16]) }
}

async function train(
  makeOptimizer: (m: Net) => Optimizer,
  moveAt: number | undefined,
): Promise<{ losses: number[]; model: Net }> {
  await setBackend('cpu')
  const { x, y } = data()
  manualSeed(0)
  const model = new Net()
  const optimizer = makeOptimizer(model)
  const losses: number[] = []
  let input = { x, y }
  for (let step = 0; step < 6; step++) {
    if (step === moveAt) {
      await model.to('other')
      input = { x: await x.to('other'), y: await y.to('other') }
    }
    optimizer.zeroGrad()
    const loss = crossEntropy(model.forward(input.x), input.y)
    loss.backward()
    optimizer.step()
    losses.push(await loss.item())
  }
  return { losses, model }
}

describe('Module.to moves a model between backends in place', () => {
  for (const [name, make] of [
    [
      'SGD with Nesterov momentum',
      (m: Net) => new SGD(m.parameters(), { lr: 0.1, momentum: 0.9, nesterov: true }),
    ],
    ['Adam', (m: Net) => new Adam(m.parameters(), { lr: 0.01 })],
  ] as const) {
    it(`keeps training with the same ${name} optimizer, state and all`, async () => {
      const still = await train(make, undefined)
      const moved = await train(make, 3)
      expect(moved.losses).toEqual(still.losses)
      for (const p of moved.model.parameters()) expect(p.backend.name).toBe('other')
      for (const b of moved.model.buffers()) expect(b.backend.name).toBe('other')
    })
  }

  it('keeps the Parameter objects and their gradients, and rejects a dtype name', async () => {
    await setBackend('cpu')
    const model = new Linear(3, 2)
    const [w, b] = model.parameters()
    model
      .forward(randn([4, 3]))
      .sum()
      .backward()
    const grad = w.grad!.toArraySync()
    const optimizer = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 })
    optimizer.step()
    expect(await model.to('other')).toBe(model)
    expect(model.parameters()).toEqual([w, b])
    expect(model.weight).toBe(w)
    expect(w.backend.name).toBe('other')
    expect(w.grad!.backend.name).toBe('other')
    expect(w.grad!.toArraySync()).toEqual(grad)
    expect((optimizer.state.get(w)!.momentumBuffer as Tensor).backend.name).toBe('other')
    await expect(model.to('float64')).rejects.toThrow(
      "Module.to: 'float64' is a dtype; cast the parameters with model.double() or model.float()",
    )
  })

  it('loads state dicts across backends, optimizer state included, as PyTorch does', async () => {
    await setBackend('cpu')
    const source = new Linear(3, 2)
    const opt = new Adam(source.parameters())
    source
      .forward(randn([4, 3]))
      .sum()
      .backward()
    opt.step()
    await setBackend('other')
    const target = new Linear(3, 2)
    target.loadStateDict(source.stateDict())
    expect(target.weight.backend.name).toBe('other')
    expect(target.weight.toArraySync()).toEqual(source.weight.toArraySync())
    const targetOpt = new Adam(target.parameters())
    targetOpt.loadStateDict(opt.stateDict())
    const moment = targetOpt.state.get(target.weight)!.expAvg as Tensor
    expect(moment.backend.name).toBe('other')
    expect(moment.toArraySync()).toEqual(
      (opt.state.get(source.weight)!.expAvg as Tensor).toArraySync(),
    )
    await setBackend('cpu')
  })
})
