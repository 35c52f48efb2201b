/**
 * A PyTorch-style training loop on the wasm backend, with no dispose anywhere: the WASM heap is
 * reclaimed only through core's FinalizationRegistry, so it must stop growing once the first
 * steps have sized the free lists.
 *
 * V8 cannot see WASM memory, so left alone it collects only as often as the (small) JS
 * allocation of a step demands, about every thousand steps here. The test therefore forces a
 * GC every 50 steps and yields so finalizers run: it checks that the backend reuses what the
 * finalizers release, not how often V8 collects.
 */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  crossEntropy,
  getBackend,
  linear,
  manualSeed,
  noGrad,
  setBackend,
  use,
} from '@othergrad/core'
import { blobs, linearParam } from '@othergrad/test-utils'
import { wasmBackend } from '../src/index'

/**
 * A full GC when the runtime lets us have one (V8 exposes `gc` to a new context once the flag is
 * set); otherwise the test relies on yielding, which also lets finalizers run.
 */
function collector(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc')
    return runInNewContext('gc') as () => void
  } catch {
    return undefined
  }
}

describe('training without dispose on the wasm backend', () => {
  beforeAll(async () => {
    use(wasmBackend())
    await setBackend('wasm')
  })

  it('keeps the WASM heap flat over 2,000 steps of an MLP', async () => {
    manualSeed(0)
    const gc = collector()
    const { x, y } = await blobs(96, 16, 0.5)
    const params = [
      linearParam([64, 16], 16),
      linearParam([64], 16),
      linearParam([64, 64], 64),
      linearParam([64], 64),
    ]
    params.push(linearParam([3, 64], 64), linearParam([3], 64))
    const [w1, b1, w2, b2, w3, b3] = params
    const heapAt: number[] = []
    let first = 0
    let last = 0
    for (let step = 0; step < 2000; step++) {
      // Fresh batches each step, as a data loader would make them.
      const logits = linear(linear(linear(x.mul(1), w1, b1).relu(), w2, b2).relu(), w3, b3)
      const loss = crossEntropy(logits, y)
      for (const p of params) p.grad = null
      loss.backward()
      noGrad(() => params.forEach((p) => p.sub_(p.grad!.mul(0.05))))
      if (step === 0) first = loss.itemSync()
      if (step === 1999) last = loss.itemSync()
      if (step % 50 === 49) {
        gc?.()
        // Finalizers run as tasks: give them a turn.
        await new Promise((resolve) => setTimeout(resolve, 0))
        heapAt.push(getBackend().memory().heapSize)
      }
    }
    expect(last).toBeLessThan(first / 4)
    // After a warm-up of 500 steps the heap never grows again: every step reuses freed blocks.
    const warm = heapAt[9]
    expect(heapAt.slice(9)).toEqual(heapAt.slice(9).map(() => warm))
    // And it stays small: parameters, data and a few steps' temporaries.
    expect(warm).toBeLessThanOrEqual(32 * 1024 * 1024)
    expect(getBackend().memory().bytes).toBeLessThan(4 * 1024 * 1024)
  })

  it('keeps the WASM heap bounded over 10,000 synchronous steps, with no GC forced and no yield', async () => {
    manualSeed(1)
    const { x, y } = await blobs(96, 16, 0.5)
    const params = [
      linearParam([64, 16], 16),
      linearParam([64], 16),
      linearParam([3, 64], 64),
      linearParam([3], 64),
    ]
    const [w1, b1, w2, b2] = params
    const heapAt: number[] = []
    for (let step = 0; step < 10_000; step++) {
      const loss = crossEntropy(linear(linear(x.mul(1), w1, b1).relu(), w2, b2), y)
      for (const p of params) p.grad = null
      loss.backward()
      noGrad(() => params.forEach((p) => p.sub_(p.grad!.mul(0.05))))
      if (step % 100 === 99) heapAt.push(getBackend().memory().heapSize)
    }
    // Core collects synchronously whenever live tensor bytes reach its threshold (64 MiB at
    // least), so the heap levels off within the first 1,500 steps and never grows after.
    const warm = Math.max(...heapAt.slice(0, 15))
    expect(Math.max(...heapAt.slice(15))).toBeLessThanOrEqual(warm)
    expect(warm).toBeLessThanOrEqual(160 * 1024 * 1024)
  })
})
