/**
 * The training worker with PyTorch's examples/mnist CNN: its steps against PyTorch's (the
 * fixture apps/mnist's CNN test checks `pnpm mnist` with), backend moves, predictions, and
 * checkpoints `pnpm mnist --model cnn` reads.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { Tensor } from '@othergrad/core'
import { epochPermutation } from '@othergrad/data'
import {
  checkpointContents,
  makeOptimizer,
  MnistCnn,
  parseCheckpoint,
  type MnistIdxSplit,
} from '@othergrad/mnist-app'
import { saveSafetensors, type Module } from '@othergrad/nn'
import { mnistSplit, trainerOn, wasm } from '../../test/trainerHarness'
import { MAX_MISTAKES, type TrainSettings } from '../protocol'
import type { MnistData } from './mnistData'

interface CnnFixture {
  seed: number
  batch: number
  losses: number[]
}

// PyTorch's examples/mnist network, seeded, trained a few Adadelta steps (lr 1.0, dropout on)
// on the first training images in file order (tooling/fixtures/mnist_cnn.py).
const fixture = JSON.parse(
  readFileSync(new URL('../../../mnist/test/fixtures/cnn.json', import.meta.url), 'utf8'),
) as CnnFixture
const steps = fixture.losses.length
const images = fixture.batch * steps

/**
 * The first `images` training digits placed so that the run's shuffled order of its first epoch
 * visits them in file order, as the fixture's PyTorch run does.
 */
function inFileOrderForSeed(split: MnistIdxSplit, seed: number): MnistIdxSplit {
  const order = epochPermutation(split.count, seed, 0)
  const placed = new Uint8Array(split.images.length)
  const labels = new Int32Array(split.count)
  for (let i = 0; i < split.count; i++) {
    placed.set(split.images.subarray(i * split.pixels, (i + 1) * split.pixels), order[i] * 784)
    labels[order[i]] = split.labels[i]
  }
  return { ...split, images: placed, labels }
}

const data: Promise<MnistData> = Promise.all([
  mnistSplit('train', images),
  mnistSplit('t10k', 100),
]).then(([train, test]) => ({ train: inFileOrderForSeed(train, fixture.seed), test }))

const trainer = () => trainerOn(data)

/** The CNN as the fixture trains it: one epoch is the fixture's steps. */
const CNN: TrainSettings = {
  model: { kind: 'cnn' },
  optimizer: 'adadelta',
  lr: 1,
  batchSize: fixture.batch,
  epochs: 1,
  seed: fixture.seed,
}

type Run = {
  model: Module
  optimizer: { stateDict(): { state: Record<number, Record<string, unknown>> } }
}
const runOf = (t: object) => (t as unknown as { run: Run }).run

async function values(state: Record<string, Tensor>): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = {}
  for (const [k, t] of Object.entries(state)) out[k] = Array.from(await t.data())
  return out
}

describe("the training worker with PyTorch's examples/mnist CNN", () => {
  it("takes PyTorch's steps: the same losses from the same seed", async () => {
    const { t, send, losses, last } = await trainer()
    await send({ type: 'start', settings: CNN, backend: wasm })
    await t.settled()
    expect(last('status')!.status).toBe('finished')
    const got = losses()
    expect(got.map((p) => p.step)).toEqual(fixture.losses.map((_, i) => i + 1))
    got.forEach((p, i) => expect(p.loss, `loss of step ${i + 1}`).toBeCloseTo(fixture.losses[i], 4))
    const evaluated = last('evaluated')!
    expect(evaluated.step).toBe(steps)
    expect(evaluated.mistakes.length).toBe(
      Math.min(MAX_MISTAKES, Math.round(100 * (1 - evaluated.accuracy))),
    )
  })

  it('moves to another backend between steps: the losses are those of a run that never moved', async () => {
    const straight = await trainer()
    await straight.send({ type: 'start', settings: { ...CNN, epochs: 2 }, backend: wasm })
    await straight.t.settled()

    const moved = await trainer()
    await moved.send({ type: 'start', settings: CNN, backend: wasm })
    await moved.t.settled()
    await moved.send({ type: 'switchBackend', backend: { kind: 'wasm', threads: 2 } })
    expect(moved.last('backend')).toMatchObject({ name: 'wasm-2', threads: 2 })
    await moved.send({ type: 'resume', epochs: 2 })
    await moved.t.settled()
    expect(moved.losses().map((p) => p.backend)).toEqual([
      ...Array(steps).fill('wasm'),
      ...Array(steps).fill('wasm-2'),
    ])
    // op-conv's wasm kernels give the same bits on any number of threads.
    expect(moved.losses().map((p) => p.loss)).toEqual(straight.losses().map((p) => p.loss))
  })

  it('predicts a drawn digit and a test digit from 784 pixels', async () => {
    const { t, send, last } = await trainer()
    await send({ type: 'start', settings: CNN, backend: wasm })
    await t.settled()
    await send({ type: 'predict', id: 1, pixels: new Float32Array(784).fill(0.5) })
    const drawn = last('prediction')!
    expect(drawn.probabilities).toHaveLength(10)
    expect(drawn.probabilities.reduce((a, b) => a + b)).toBeCloseTo(1, 5)
    await send({ type: 'predictTest', id: 2, index: 0 })
    expect(last('prediction')).toMatchObject({ id: 2, test: { index: 0, label: 7 } })
  })

  it('saves a checkpoint pnpm mnist --model cnn resumes, which another worker loads with its optimizer state', async () => {
    const saver = await trainer()
    await saver.send({ type: 'start', settings: CNN, backend: wasm })
    await saver.t.settled()
    await saver.send({ type: 'save' })
    const file = saver.last('checkpoint')!
    expect(file.name).toBe(`othergrad-mnist-cnn-step${steps}.safetensors`)
    const checkpoint = parseCheckpoint(new Uint8Array(file.bytes), file.name)
    expect(checkpoint.epoch).toBe(1)
    expect(checkpoint.config).toEqual({
      model: 'cnn',
      hidden: [512, 256],
      optimizer: 'adadelta',
      schedule: 'constant',
      lr: 1,
      batchSize: fixture.batch,
      seed: fixture.seed,
      epochs: 1,
    })
    // What `pnpm mnist --resume` does with it: PyTorch's CNN and an optimizer from the config.
    const cli = new MnistCnn()
    checkpoint.restore(cli, makeOptimizer(checkpoint.config, cli.parameters()))

    const loader = await trainer()
    await loader.send({ type: 'load', name: file.name, bytes: file.bytes, backend: wasm })
    expect(loader.last('error')).toBeUndefined()
    expect(loader.last('loaded')).toMatchObject({
      name: file.name,
      description: 'CNN (PyTorch examples/mnist), adadelta, 1 epoch trained',
      settings: { model: { kind: 'cnn' }, optimizer: 'adadelta', lr: 1, epochs: 2 },
    })
    expect(loader.last('status')).toMatchObject({ status: 'paused', step: steps, epoch: 1 })
    expect(loader.last('evaluated')!.loss).toBe(saver.last('evaluated')!.loss)
    // The weights and Adadelta's running averages arrive bit for bit.
    const saved = runOf(saver.t)
    const loaded = runOf(loader.t)
    const weights = await values(saved.model.stateDict())
    expect(await values(loaded.model.stateDict())).toEqual(weights)
    expect(await values(cli.stateDict())).toEqual(weights)
    const averages = async (run: Run) => {
      const out: number[][] = []
      for (const entry of Object.values(run.optimizer.stateDict().state))
        for (const [key, v] of Object.entries(entry))
          if (key !== 'step' && v instanceof Tensor) out.push(Array.from(await v.data()))
      return out
    }
    const savedAverages = await averages(saved)
    expect(savedAverages.length).toBe(16) // square_avg and acc_delta of 8 parameters
    expect(await averages(loaded)).toEqual(savedAverages)

    // And it trains on from there.
    await loader.send({ type: 'resume' })
    await loader.t.settled()
    expect(loader.losses().map((p) => p.step)).toEqual(
      Array.from({ length: steps }, (_, i) => steps + i + 1),
    )
  })

  it("continues a pnpm mnist --model cnn checkpoint at its step schedule's next rate", async () => {
    const saver = await trainer()
    await saver.send({ type: 'start', settings: CNN, backend: wasm })
    await saver.t.settled()
    const { model, optimizer } = runOf(saver.t)
    // As `pnpm mnist --model cnn --save` writes it after epoch 2 of 5 (no --lr: Adadelta's 1.0).
    const { tensors, metadata } = checkpointContents({
      config: {
        model: 'cnn',
        hidden: [512, 256],
        optimizer: 'adadelta',
        schedule: 'step',
        lr: undefined,
        batchSize: 64,
        seed: 1,
        epochs: 5,
      },
      epoch: 2,
      model,
      optimizer: optimizer as never,
    })
    const bytes = await saveSafetensors(tensors, metadata)
    const loader = await trainer()
    await loader.send({
      type: 'load',
      name: 'cli.safetensors',
      bytes: bytes.slice().buffer,
      backend: wasm,
    })
    expect(loader.last('loaded')).toMatchObject({
      description:
        "CNN (PyTorch examples/mnist), adadelta, 2 epochs trained; its step schedule's learning rate for epoch 3, 0.49, from here on",
      settings: { model: { kind: 'cnn' }, optimizer: 'adadelta', batchSize: 64, epochs: 5 },
    })
    expect(loader.last('loaded')!.settings.lr).toBeCloseTo(0.49, 12)
    const loaded = runOf(loader.t).optimizer as unknown as { paramGroups: { lr: number }[] }
    expect(loaded.paramGroups.map((g) => g.lr)).toEqual([loader.last('loaded')!.settings.lr])
  })

  it("loads PyTorch's examples/mnist state_dict, to evaluate or train with a new Adadelta", async () => {
    const saver = await trainer()
    await saver.send({ type: 'start', settings: CNN, backend: wasm })
    await saver.t.settled()
    // The names and shapes PyTorch's `Net` has (the models test checks them).
    const bytes = await saveSafetensors(runOf(saver.t).model.stateDict())
    const loader = await trainer()
    await loader.send({
      type: 'load',
      name: 'mnist_cnn.safetensors',
      bytes: bytes.slice().buffer,
      backend: wasm,
    })
    expect(loader.last('loaded')).toMatchObject({
      description:
        'CNN (PyTorch examples/mnist) weights (no optimizer state: training goes on with a new Adadelta)',
      settings: { model: { kind: 'cnn' }, optimizer: 'adadelta', lr: 1, batchSize: 64 },
    })
    expect(loader.last('evaluated')!.loss).toBe(saver.last('evaluated')!.loss)
  })

  it('names what does not fit in a CNN file, keeping its run', async () => {
    const { t, send, last } = await trainer()
    await send({ type: 'start', settings: CNN, backend: wasm })
    await t.settled()
    const { 'fc2.bias': _, ...partial } = runOf(t).model.stateDict()
    const bytes = await saveSafetensors(partial)
    await send({
      type: 'load',
      name: 'partial.safetensors',
      bytes: bytes.slice().buffer,
      backend: wasm,
    })
    expect(last('error')).toEqual({
      type: 'error',
      scope: 'load',
      message:
        "checkpoint: partial.safetensors: neither an othergrad MNIST checkpoint nor a model's weights: expected the state dict of PyTorch's examples/mnist CNN (conv1.weight, conv1.bias, conv2.weight, conv2.bias, fc1.weight, fc1.bias, fc2.weight, fc2.bias): missing fc2.bias",
    })
    await send({ type: 'predictTest', id: 1, index: 0 })
    expect(last('prediction')!.probabilities).toHaveLength(10)
  })
})
