import { describe, expect, it } from 'vitest'
import { zeros } from '@othergrad/core'
import { parseCheckpoint } from '@othergrad/mnist-app'
import { saveSafetensors, type Module } from '@othergrad/nn'
import { mnistSplit, trainerOn, wasm } from '../../test/trainerHarness'
import { MAX_MISTAKES, type TrainSettings } from '../protocol'
import type { MnistData } from './mnistData'

// 640 training images in batches of 64: ten steps an epoch.
const data: Promise<MnistData> = Promise.all([
  mnistSplit('train', 640),
  mnistSplit('t10k', 200),
]).then(([train, test]) => ({ train, test }))

const SETTINGS: TrainSettings = {
  model: { kind: 'mlp', hidden: [32] },
  optimizer: 'sgd',
  lr: 0.05,
  batchSize: 64,
  epochs: 1,
  seed: 0,
}

const trainer = () => trainerOn(data)

describe('the training worker', () => {
  it('reports the data and what the browser offers', async () => {
    const { last } = await trainer()
    expect(last('ready')).toEqual({
      type: 'ready',
      capabilities: { crossOriginIsolated: true, maxThreads: 2, webgpu: { available: true } },
      trainImages: 640,
      testImages: 200,
    })
  })

  it('trains to the last epoch, then evaluates and stops', async () => {
    const { t, send, last, all, losses } = await trainer()
    await send({ type: 'start', settings: { ...SETTINGS, epochs: 2 }, backend: wasm })
    await t.settled()
    expect(last('backend')).toMatchObject({ name: 'wasm', threads: 1 })
    expect(all('status').map((m) => m.status)).toEqual(['training', 'finished'])
    expect(losses().map((p) => p.step)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
    expect(losses().every((p) => p.backend === 'wasm')).toBe(true)
    expect(losses()[19].loss).toBeLessThan(losses()[0].loss)
    // An evaluation at each epoch's end.
    expect(all('evaluated').map((m) => m.step)).toEqual([10, 20])
    const evaluated = last('evaluated')!
    expect(evaluated.epoch).toBe(2)
    expect(evaluated.accuracy).toBeGreaterThan(0.5)
    expect(evaluated.mistakes.length).toBe(
      Math.min(MAX_MISTAKES, Math.round(200 * (1 - evaluated.accuracy))),
    )
    for (const m of evaluated.mistakes) {
      expect(m.pixels).toHaveLength(784)
      expect(m.predicted).not.toBe(m.label)
    }
    expect(last('progress')!.epoch).toBe(2)
  })

  it('moves model and optimizer state between backends: the losses are those of a run that never moved', async () => {
    const straight = await trainer()
    await straight.send({ type: 'start', settings: { ...SETTINGS, epochs: 2 }, backend: wasm })
    await straight.t.settled()

    const moved = await trainer()
    await moved.send({ type: 'start', settings: SETTINGS, backend: wasm })
    await moved.t.settled()
    // Two threads give results bit-identical to one, so any difference is state lost in the move.
    await moved.send({ type: 'switchBackend', backend: { kind: 'wasm', threads: 2 } })
    expect(moved.last('backend')).toMatchObject({ name: 'wasm-2', threads: 2 })
    await moved.send({ type: 'resume' })
    await moved.t.settled()
    expect(moved.losses().map((p) => p.backend)).toEqual([
      ...Array(10).fill('wasm'),
      ...Array(10).fill('wasm-2'),
    ])
    expect(moved.losses().map((p) => p.loss)).toEqual(straight.losses().map((p) => p.loss))
  })

  it('switches backend between two steps while training', async () => {
    const { t, send, losses, last } = await trainer()
    await send({ type: 'start', settings: { ...SETTINGS, epochs: 3 }, backend: wasm })
    await send({ type: 'switchBackend', backend: { kind: 'wasm', threads: 2 } })
    await t.settled()
    const backends = losses().map((p) => p.backend)
    expect(backends).toHaveLength(30)
    expect(backends.at(-1)).toBe('wasm-2')
    // One switch: every wasm step comes before every wasm-2 step.
    expect(backends.indexOf('wasm-2')).toBe(backends.lastIndexOf('wasm') + 1)
    expect(last('status')!.status).toBe('finished')
  })

  it('keeps training where it was when a move fails', async () => {
    const { t, send, last, losses } = await trainer()
    await send({ type: 'start', settings: SETTINGS, backend: wasm })
    await t.settled()
    // The model cannot follow (as when a device is lost mid-copy).
    const { model } = (t as unknown as { run: { model: Module } }).run
    const to = model.to
    model.to = () => Promise.reject(new Error('move: the device was lost'))
    await send({ type: 'switchBackend', backend: { kind: 'wasm', threads: 2 } })
    model.to = to
    expect(last('error')).toEqual({
      type: 'error',
      scope: 'backend',
      message: 'move: the device was lost',
    })
    expect(last('backend')).toMatchObject({ name: 'wasm' })
    await send({ type: 'resume' })
    await t.settled()
    expect(losses().map((p) => p.backend)).toEqual(Array(20).fill('wasm'))
    expect(last('status')!.status).toBe('finished')
  })

  it('pauses after the step in flight, evaluates, and resumes', async () => {
    const { t, send, all, last, losses } = await trainer()
    await send({ type: 'start', settings: { ...SETTINGS, epochs: 50 }, backend: wasm })
    await send({ type: 'pause' })
    expect(last('status')!.status).toBe('paused')
    const steps = losses().length
    expect(steps).toBeLessThan(500)
    expect(last('evaluated')!.step).toBe(steps)
    await send({ type: 'resume', lr: 0.01, batchSize: 32, epochs: 60 })
    await send({ type: 'pause' })
    await t.settled()
    expect(all('status').map((m) => m.status)).toEqual(['training', 'paused', 'training', 'paused'])
    expect(last('status')!.settings).toMatchObject({ lr: 0.01, batchSize: 32, epochs: 60 })
    expect(losses().length).toBeGreaterThan(steps)
  })

  it('answers predictions with ten probabilities', async () => {
    const { send, last } = await trainer()
    await send({ type: 'predict', id: 1, pixels: new Float32Array(784) })
    expect(last('error')).toEqual({
      type: 'error',
      scope: 'predict',
      message: 'predict: there is no model yet; start training or load a checkpoint',
    })
    await send({ type: 'start', settings: SETTINGS, backend: wasm })
    await send({ type: 'predict', id: 2, pixels: new Float32Array(784).fill(0.5) })
    const drawn = last('prediction')!
    expect(drawn.id).toBe(2)
    expect(drawn.probabilities).toHaveLength(10)
    expect(drawn.probabilities.reduce((a, b) => a + b)).toBeCloseTo(1, 5)
    await send({ type: 'predictTest', id: 3, index: 0 })
    // Test image 0 is a 7.
    expect(last('prediction')).toMatchObject({ id: 3, test: { index: 0, label: 7 } })
    await send({ type: 'predictTest', id: 4, index: 200 })
    expect(last('error')!.message).toBe('predict: test image 200 is out of range (0..199)')
  })

  it('saves a checkpoint in the command-line format that another worker loads and evaluates alike', async () => {
    const saver = await trainer()
    await saver.send({
      type: 'start',
      settings: { ...SETTINGS, optimizer: 'adam', lr: 1e-3 },
      backend: wasm,
    })
    await saver.t.settled()
    await saver.send({ type: 'save' })
    const file = saver.last('checkpoint')!
    expect(file.name).toBe('othergrad-mnist-32-step10.safetensors')
    const checkpoint = parseCheckpoint(new Uint8Array(file.bytes), file.name)
    expect(checkpoint.epoch).toBe(1)
    expect(checkpoint.config).toEqual({
      model: 'mlp',
      hidden: [32],
      optimizer: 'adam',
      schedule: 'constant',
      lr: 1e-3,
      batchSize: 64,
      seed: 0,
      epochs: 1,
    })

    const loader = await trainer()
    await loader.send({ type: 'load', name: file.name, bytes: file.bytes, backend: wasm })
    expect(loader.last('loaded')).toMatchObject({
      name: file.name,
      description: 'MLP 784-32-10, adam, 1 epoch trained',
      settings: { model: { kind: 'mlp', hidden: [32] }, optimizer: 'adam', lr: 1e-3, epochs: 2 },
    })
    expect(loader.last('status')).toMatchObject({ status: 'paused', step: 10, epoch: 1 })
    expect(loader.last('evaluated')!.accuracy).toBe(saver.last('evaluated')!.accuracy)
    expect(loader.last('evaluated')!.loss).toBe(saver.last('evaluated')!.loss)
  })

  it("loads a model's bare weights (PyTorch's state_dict) to evaluate or train with a new SGD", async () => {
    const saver = await trainer()
    await saver.send({ type: 'start', settings: SETTINGS, backend: wasm })
    await saver.t.settled()
    const { model } = (saver.t as unknown as { run: { model: Module } }).run
    const bytes = await saveSafetensors(model.stateDict())
    const loader = await trainer()
    await loader.send({
      type: 'load',
      name: 'weights.safetensors',
      bytes: bytes.slice().buffer,
      backend: wasm,
    })
    expect(loader.last('loaded')).toMatchObject({
      description: 'MLP 784-32-10 weights (no optimizer state: training goes on with a new SGD)',
      settings: { model: { kind: 'mlp', hidden: [32] }, optimizer: 'sgd', lr: 0.05, epochs: 1 },
    })
    expect(loader.last('evaluated')!.accuracy).toBe(saver.last('evaluated')!.accuracy)

    const linear = await saveSafetensors({ 'fc.weight': zeros([10, 784]) })
    await loader.send({
      type: 'load',
      name: 'linear.safetensors',
      bytes: linear.slice().buffer,
      backend: wasm,
    })
    expect(loader.last('error')!.message).toBe(
      "checkpoint: linear.safetensors: neither an othergrad MNIST checkpoint nor a model's weights: expected an MLP's state dict (nn.Sequential of Linear and ReLU: 0.weight, 0.bias, ...) or the CNN's (conv1.weight, conv1.bias, ..., fc2.bias), got fc.weight",
    )
  })

  it('rejects a corrupt checkpoint with a message naming the file, keeping its run', async () => {
    const { send, last, posted } = await trainer()
    await send({ type: 'start', settings: SETTINGS, backend: wasm })
    const before = posted.length
    await send({
      type: 'load',
      name: 'bad.safetensors',
      bytes: new Uint8Array([1, 2, 3]).buffer,
      backend: wasm,
    })
    const error = last('error')!
    expect(error.scope).toBe('load')
    expect(error.message).toMatch(/^checkpoint: bad\.safetensors: /)
    expect(posted.slice(before).some((m) => m.type === 'loaded')).toBe(false)
    await send({ type: 'predict', id: 1, pixels: new Float32Array(784) })
    expect(last('prediction')!.probabilities).toHaveLength(10)
  })

  it('refuses bad settings and stops a diverging run with the reason', async () => {
    const { t, send, last } = await trainer()
    await send({ type: 'start', settings: { ...SETTINGS, lr: -1 }, backend: wasm })
    expect(last('error')).toEqual({
      type: 'error',
      scope: 'train',
      message: 'learning rate: expected a positive number, got -1',
    })
    await send({ type: 'start', settings: { ...SETTINGS, lr: 1e30, epochs: 5 }, backend: wasm })
    await t.settled()
    expect(last('error')!.message).toMatch(
      /^train: the loss is (NaN|Infinity) at step \d+; the learning rate 1e\+30 is too high for sgd/,
    )
    expect(last('status')!.status).toBe('paused')
  })
})
