import { beforeAll, describe, expect, it } from 'vitest'
import { crossEntropy, linear, manualSeed, memory, noGrad, setBackend, use } from '@othergrad/core'
import { blobs, linearParam } from '@othergrad/test-utils'
import { nodeWebgpuBackend } from '../src/node'

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
    const { x, y } = await blobs(150, 2, 0.6)
    const params = [
      linearParam([32, 2], 2),
      linearParam([32], 2),
      linearParam([3, 32], 32),
      linearParam([3], 32),
    ]
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
