/**
 * gelu in Node: its conformance cases (PyTorch's values, gradients and second derivatives) on
 * cpu, wasm and wasm with two threads, each on this package's own kernels (counted); the thread
 * pool's split; x.gelu() existing only after use(). test/browser runs wasm and webgpu in Chromium.
 */
import { describe, expect, it } from 'vitest'
import { fileFixtureLoader } from '@othergrad/conformance/run'
import { getBackend, setBackend, tensor, Tensor, use, type Backend } from '@othergrad/core'
import { cpuBackend } from '@othergrad/backend-cpu'
import { wasmBackend } from '@othergrad/backend-wasm'
import { gelu } from '../src/index'
import { checkBackend } from './checkBackend'
import { countKernelCalls } from './countKernelCalls'

const fixtures = fileFixtureLoader(new URL('../fixtures/', import.meta.url))

it('adds x.gelu() and its kernels only when use(geluOps()) runs, never on import', async () => {
  use(cpuBackend({ name: 'before-use' }))
  await setBackend('before-use')
  expect('gelu' in Tensor.prototype).toBe(false)
  expect(() => gelu(tensor([1]))).toThrow(
    "gelu: backend 'before-use' has no gelu kernel; call use(geluOps()) first",
  )
})

const backends: [string, () => Backend][] = [
  ['cpu', () => cpuBackend()],
  ['wasm', () => wasmBackend()],
  ['wasm-threads', () => wasmBackend({ threads: 2, name: 'wasm-threads' })],
]

for (const [name, make] of backends) {
  it(`passes its conformance cases on ${name}, on its own kernels`, async () => {
    const result = await checkBackend(make(), ['float32', 'float64'], fixtures)
    expect(result.problems).toEqual([])
    expect(result.threads).toBe(name === 'wasm-threads' ? 2 : 1)
    expect(result.calls.gelu).toBeGreaterThan(10)
    expect(result.calls.geluBackward).toBeGreaterThan(10)
  })
}

describe('on the wasm thread pool', () => {
  // Above the kernel's split size (2^15), not a multiple of 4 (the float32 tail).
  const n = 100_003
  const values = Array.from({ length: n }, (_, i) => ((i * 7919) % 4001) / 400 - 5)

  it("splits large inputs over the workers, with the bits of one thread's run", async () => {
    for (const dtype of ['float32', 'float64'] as const) {
      for (const approximate of ['none', 'tanh'] as const) {
        await setBackend('wasm')
        const one = gelu(tensor(values, { dtype }), { approximate }).dataSync()
        await setBackend('wasm-threads')
        const counter = countKernelCalls()
        const before = getBackend().memory().workerUnits
        let two = gelu(tensor(values, { dtype }), { approximate }).dataSync()
        // A worker asleep on a busy machine may miss a job (the caller then runs every unit).
        for (let i = 0; i < 20 && getBackend().memory().workerUnits === before; i++) {
          two = gelu(tensor(values, { dtype }), { approximate }).dataSync()
        }
        expect(getBackend().memory().workerUnits).toBeGreaterThan(before)
        expect(counter.gelu).toBeGreaterThan(0)
        // (A loop: toEqual on 100k-element typed arrays takes seconds.)
        const differs = one.findIndex((v, i) => !Object.is(v, two[i]))
        expect(differs, `first element that differs from one thread's run`).toBe(-1)
        // And right: against the cpu kernel in float64 at a few points.
        await setBackend('cpu')
        const ref = gelu(tensor(values, { dtype: 'float64' }), { approximate }).dataSync()
        for (const i of [0, 1, 4095, n - 3, n - 1]) {
          expect(Math.abs(two[i] - ref[i])).toBeLessThanOrEqual(1e-6 * Math.abs(ref[i]) + 1e-7)
        }
      }
    }
  })
})
