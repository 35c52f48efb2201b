import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { cpuBackend } from '@othergrad/backend-cpu'
import { crossEntropy, manualSeed, setBackend, use } from '@othergrad/core'
import { convOps } from '@othergrad/op-conv'
import { parseTrainArgs } from '../src/args'
import { bundledMnistDir, loadMnist } from '../src/mnistData'
import { cnnInput, MnistCnn, MNIST_MEAN, MNIST_STD } from '../src/model'
import { defaultLr, makeOptimizer } from '../src/optimizer'

interface Checksum {
  shape: number[]
  sum: number
  sumSq: number
  head: number[]
}
interface CnnFixture {
  seed: number
  batch: number
  mean: number
  std: number
  optimizer: string
  lr: number
  initial: Record<string, Checksum>
  losses: number[]
  final: Record<string, Checksum>
}

// PyTorch's examples/mnist network trained for a few steps of `--model cnn`'s optimizer
// (tooling/fixtures/mnist_cnn.py).
const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/cnn.json', import.meta.url), 'utf8'),
) as CnnFixture

function checksumOf(values: ArrayLike<number>): { sum: number; sumSq: number; head: number[] } {
  let sum = 0
  let sumSq = 0
  for (let i = 0; i < values.length; i++) {
    sum += values[i]
    sumSq += values[i] * values[i]
  }
  return { sum, sumSq, head: Array.from(values).slice(0, 4) }
}

describe("the MNIST CNN (PyTorch's examples/mnist network)", () => {
  beforeAll(async () => {
    use(cpuBackend())
    use(convOps())
    await setBackend('cpu')
  })

  it("starts from PyTorch's initial state and matches its losses step by step", async () => {
    expect([MNIST_MEAN, MNIST_STD]).toEqual([fixture.mean, fixture.std])
    manualSeed(fixture.seed)
    const model = new MnistCnn()
    const state = model.stateDict()
    expect(Object.keys(state)).toEqual(Object.keys(fixture.initial))
    for (const [key, expected] of Object.entries(fixture.initial)) {
      expect(state[key].shape, key).toEqual(expected.shape)
      const got = checksumOf(state[key].dataSync())
      expect(got.head, key).toEqual(expected.head.map(Math.fround))
      expect(got.sumSq, key).toBeCloseTo(expected.sumSq, 3)
    }

    const steps = fixture.losses.length
    const { train } = await loadMnist(bundledMnistDir(), fixture.batch * steps)
    const images = cnnInput(train.images)
    // The optimizer and first-epoch learning rate `pnpm mnist --model cnn` trains with.
    const settings = parseTrainArgs(['--model', 'cnn'])
    expect([settings.optimizer, settings.lr ?? defaultLr(settings.optimizer)]).toEqual([
      fixture.optimizer,
      fixture.lr,
    ])
    const optimizer = makeOptimizer(settings, model.parameters())
    model.train()
    const losses: number[] = []
    for (let step = 0; step < steps; step++) {
      const x = images.narrow(0, step * fixture.batch, fixture.batch)
      const y = train.labels.narrow(0, step * fixture.batch, fixture.batch)
      const loss = crossEntropy(model.forward(x), y)
      optimizer.zeroGrad()
      loss.backward()
      optimizer.step()
      losses.push(loss.itemSync())
    }
    losses.forEach((loss, i) =>
      expect(loss, `loss of step ${i + 1}`).toBeCloseTo(fixture.losses[i], 4),
    )
    for (const [key, expected] of Object.entries(fixture.final)) {
      const got = checksumOf(model.stateDict()[key].dataSync())
      expect(got.sumSq / expected.sumSq, key).toBeCloseTo(1, 4)
    }
  })
})
