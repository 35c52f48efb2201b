import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { cpuBackend } from '@othergrad/backend-cpu'
import { crossEntropy, manualSeed, setBackend, use } from '@othergrad/core'
import { convOps } from '@othergrad/op-conv'
import { parseTrainArgs, type OptimizerName } from '../src/args'
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
  initial: Record<string, Checksum>
  /** PyTorch's example's Adadelta (lr 1.0). */
  losses: number[]
  final: Record<string, Checksum>
  /** The optimizer `--model cnn` trains with by default. */
  recipe: { optimizer: string; lr: number; losses: number[]; final: Record<string, Checksum> }
}

// PyTorch's examples/mnist network trained for a few steps with PyTorch's example's Adadelta and
// with `--model cnn`'s default optimizer, from the same initial state (tooling/fixtures/mnist_cnn.py).
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

  /** The model from `fixture.seed`, `steps` training steps of `optimizer` (dropout on), its losses. */
  async function train(settings: { optimizer: OptimizerName; lr: number }) {
    manualSeed(fixture.seed)
    const model = new MnistCnn()
    const steps = fixture.losses.length
    const { train } = await loadMnist(bundledMnistDir(), fixture.batch * steps)
    const images = cnnInput(train.images)
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
    return { model, losses }
  }

  function expectMatches(
    run: { model: MnistCnn; losses: number[] },
    expected: { losses: number[]; final: Record<string, Checksum> },
  ) {
    run.losses.forEach((loss, i) =>
      expect(loss, `loss of step ${i + 1}`).toBeCloseTo(expected.losses[i], 4),
    )
    for (const [key, want] of Object.entries(expected.final)) {
      const got = checksumOf(run.model.stateDict()[key].dataSync())
      expect(got.sumSq / want.sumSq, key).toBeCloseTo(1, 4)
    }
  }

  it("starts from PyTorch's initial state", () => {
    expect([MNIST_MEAN, MNIST_STD]).toEqual([fixture.mean, fixture.std])
    manualSeed(fixture.seed)
    const state = new MnistCnn().stateDict()
    expect(Object.keys(state)).toEqual(Object.keys(fixture.initial))
    for (const [key, expected] of Object.entries(fixture.initial)) {
      expect(state[key].shape, key).toEqual(expected.shape)
      const got = checksumOf(state[key].dataSync())
      expect(got.head, key).toEqual(expected.head.map(Math.fround))
      expect(got.sumSq, key).toBeCloseTo(expected.sumSq, 3)
    }
  })

  it("matches PyTorch's losses step by step with --model cnn's default optimizer", async () => {
    // The optimizer and first-epoch learning rate `pnpm mnist --model cnn` trains with.
    const settings = parseTrainArgs(['--model', 'cnn'])
    const lr = settings.lr ?? defaultLr(settings.optimizer)
    expect([settings.optimizer, lr]).toEqual([fixture.recipe.optimizer, fixture.recipe.lr])
    expectMatches(await train({ optimizer: settings.optimizer, lr }), fixture.recipe)
  })

  it("matches PyTorch's losses step by step with its example's Adadelta (--optimizer adadelta)", async () => {
    expectMatches(await train({ optimizer: 'adadelta', lr: 1.0 }), fixture)
  })
})
