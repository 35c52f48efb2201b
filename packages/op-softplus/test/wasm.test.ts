/**
 * op-softplus's own WASM kernel (assembly/softplus.ts, compiled by the package's build) on the
 * wasm backend, on one thread and on two: the installed kernel runs (a counter on its row), its
 * values match PyTorch's, and above the split size its units run on the workers too, with the
 * bits of one thread. Also runs in Chromium (test/browser/run.mjs), on a cross-origin isolated
 * page where the workers share the memory.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { getBackend, setBackend, tensor, use, type Tensor } from '@othergrad/core'
import type { Backend } from '@othergrad/core/backend'
import { wasmBackend } from '@othergrad/backend-wasm'
import { softplus, softplusOps } from '../src/index'
import {
  BETA2,
  EDGES,
  EDGES_EXPECTED,
  EDGES_EXPECTED_F32,
  EXPECTED,
  THRESHOLD_EXPECTED,
  THRESHOLD_X,
  X,
  close,
  countKernelCalls,
} from './reference'

// Above the kernel's split size (2^16), not a multiple of 4 (the float32 tail).
const LARGE = 100_003

function large(dtype: 'float32' | 'float64'): Tensor {
  const values = Array.from({ length: LARGE }, (_, i) => ((i * 7919) % 4001) / 100 - 20)
  return tensor(values, { dtype })
}

const backends: Record<string, Backend> = {}

for (const threads of [1, 2]) {
  const name = threads === 1 ? 'wasm' : 'wasm-threads'

  describe(`softplus on ${name} (its own WASM kernel, ${threads} thread${threads > 1 ? 's' : ''})`, () => {
    beforeAll(async () => {
      use(softplusOps())
      backends[name] = wasmBackend({ threads, name })
      use(backends[name])
      await setBackend(name)
      expect(getBackend().memory().threads).toBe(threads)
    })

    it('runs its own kernel and matches PyTorch in float64', async () => {
      await setBackend(name)
      const counter = countKernelCalls()
      close(softplus(tensor(X, { dtype: 'float64' })).dataSync(), EXPECTED, 1e-14)
      close(tensor([-1, 0, 1], { dtype: 'float64' }).softplus(2).dataSync(), BETA2, 1e-14)
      close(softplus(tensor(EDGES, { dtype: 'float64' })).dataSync(), EDGES_EXPECTED, 1e-14)
      const past = tensor(THRESHOLD_X, { dtype: 'float64' })
      close(softplus(past, 2, 10).dataSync(), THRESHOLD_EXPECTED, 1e-14)
      expect(counter.calls).toBe(4)
    })

    it('runs its own kernel and matches PyTorch in float32, SIMD tail included', async () => {
      await setBackend(name)
      const counter = countKernelCalls()
      // 7 elements: one vector of four, then a tail of three.
      close(softplus(tensor(X)).dataSync(), EXPECTED, 1e-6)
      close(tensor([-1, 0, 1]).softplus(2).dataSync(), BETA2, 1e-6)
      const edges = softplus(tensor(EDGES)).dataSync()
      close(edges.subarray(0, 3), EDGES_EXPECTED_F32.slice(0, 3))
      // A denormal: within one step (2^-149) of torch's.
      expect(Math.abs(edges[3] - EDGES_EXPECTED_F32[3])).toBeLessThanOrEqual(2 ** -149)
      close(softplus(tensor(THRESHOLD_X), 2, 10).dataSync(), THRESHOLD_EXPECTED, 1e-6)
      expect(counter.calls).toBe(4)
    })

    it('differentiates through its kernel with the op rule', async () => {
      await setBackend(name)
      const x = tensor([-1, 0, 1], { dtype: 'float64', requiresGrad: true })
      softplus(x).sum().backward()
      close(x.grad!.dataSync(), [0.2689414213699951, 0.5, 0.7310585786300049], 1e-14)
    })
  })
}

describe('softplus split across the wasm thread pool', () => {
  it("runs units on the workers, with the bits of one thread's run", async () => {
    for (const dtype of ['float32', 'float64'] as const) {
      await setBackend('wasm')
      const one = softplus(large(dtype)).dataSync()
      await setBackend('wasm-threads')
      const counter = countKernelCalls()
      const b = backends['wasm-threads']
      const jobs = b.memory().threadedUnitJobs
      const workerUnits = b.memory().workerUnits
      let two = softplus(large(dtype)).dataSync()
      // A worker asleep on a busy machine may miss a job (the caller then runs every unit).
      for (let i = 0; i < 20 && b.memory().workerUnits === workerUnits; i++) {
        two = softplus(large(dtype)).dataSync()
      }
      expect(b.memory().threadedUnitJobs).toBeGreaterThan(jobs)
      expect(b.memory().workerUnits).toBeGreaterThan(workerUnits)
      expect(counter.calls).toBeGreaterThan(0)
      expect(two).toEqual(one)
      // And right: against the float64 formula.
      const x = large('float64').dataSync()
      const at = [0, 1, 4095, LARGE - 3, LARGE - 1]
      close(
        at.map((i) => two[i]),
        at.map((i) => Math.max(x[i], 0) + Math.log1p(Math.exp(-Math.abs(x[i])))),
        dtype === 'float32' ? 1e-6 : 1e-14,
      )
    }
  })
})
