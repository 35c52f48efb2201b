import { beforeAll, describe, expect, it } from 'vitest'
import {
  crossEntropy,
  linear,
  manualSeed,
  memory,
  noGrad,
  randn,
  setBackend,
  tensor,
  uniformValues,
  use,
  type Tensor,
} from '@othergrad/core'
import { nodeWebgpuBackend } from '../src/node'

/** Three Gaussian blobs in 2-D, labelled by blob. */
async function blobs(perClass: number): Promise<{ x: Tensor; y: Tensor }> {
  const centres = [
    [2, 0],
    [-1, 1.7],
    [-1, -1.7],
  ]
  const noise = await randn([3 * perClass, 2])
    .mul(0.6)
    .data()
  const points = new Float32Array(3 * perClass * 2)
  const labels = new Int32Array(3 * perClass)
  for (let i = 0; i < 3 * perClass; i++) {
    const c = i % 3
    labels[i] = c
    points[2 * i] = centres[c][0] + noise[2 * i]
    points[2 * i + 1] = centres[c][1] + noise[2 * i + 1]
  }
  return { x: tensor(points, { shape: [3 * perClass, 2] }), y: tensor(labels) }
}

/** PyTorch's default Linear init: U(-1/sqrt(fanIn), 1/sqrt(fanIn)). */
function param(shape: number[], fanIn: number): Tensor {
  const bound = 1 / Math.sqrt(fanIn)
  const size = shape.reduce((a, b) => a * b, 1)
  return tensor(uniformValues(size, -bound, bound, 'float32'), { shape, requiresGrad: true })
}

const collect = (globalThis as { gc?: () => void }).gc

/** Lets finalizers of collected tensors run: a collection, then a turn of the event loop. */
async function settle(): Promise<void> {
  collect?.()
  await new Promise((resolve) => setTimeout(resolve, 0))
}

function snapshot() {
  const m = memory().webgpu
  return {
    tensors: m.tensors,
    bytes: m.backend.bytes,
    buffers: m.backend.buffers,
    gpuBytes: m.backend.gpuBytes,
  }
}

describe('training on webgpu the PyTorch way', () => {
  beforeAll(async () => {
    use(nodeWebgpuBackend())
    await setBackend('webgpu')
  })

  it('keeps memory flat over 1,000 steps with no manual dispose', async () => {
    manualSeed(0)
    const { x, y } = await blobs(50)
    const params = [param([32, 2], 2), param([32], 2), param([3, 32], 32), param([3], 32)]
    const [w1, b1, w2, b2] = params
    const losses: number[] = []
    let early: ReturnType<typeof snapshot> | undefined
    for (let step = 0; step < 1000; step++) {
      const loss = crossEntropy(linear(linear(x, w1, b1).relu(), w2, b2), y)
      for (const p of params) p.grad = null
      loss.backward()
      noGrad(() => params.forEach((p) => p.sub_(p.grad!.mul(0.5))))
      // An async step, as a real loop has: reading the loss lets the event loop turn.
      if (step % 10 === 0) losses.push(await loss.item())
      if (step % 100 === 99) await settle()
      if (step === 199) early = snapshot()
    }
    await settle()
    const late = snapshot()
    expect(losses[0]).toBeGreaterThan(0.8)
    expect(losses[losses.length - 1]).toBeLessThan(0.1)
    // Flat: what is alive after 1,000 steps is what was alive after 200 (the finalizer
    // backstop may lag by a step's worth of tensors).
    expect(late.bytes).toBeLessThanOrEqual(early!.bytes * 1.5)
    expect(late.buffers).toBeLessThanOrEqual(early!.buffers * 1.5)
    expect(late.gpuBytes).toBeLessThanOrEqual(early!.gpuBytes * 1.5)
    console.log(
      `training memory after 200 steps ${JSON.stringify(early)}, after 1000 ${JSON.stringify(late)}`,
    )
  })
})
