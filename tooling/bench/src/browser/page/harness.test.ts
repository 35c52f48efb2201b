import { describe, expect, it } from 'vitest'
import type { Library } from '../../library'
import { yieldingBetweenSteps } from './harness'

function fakeLibrary(calls: string[]): Library {
  const repeatable = (name: string) => ({
    run: () => void calls.push(name),
    dispose: () => void calls.push(`${name} disposed`),
  })
  const model = { step: () => (calls.push('step'), 2.3), correct: () => (calls.push('correct'), 7) }
  return {
    threads: 1,
    version: '0',
    mlp: () => model,
    cnn: () => model,
    conv: () => repeatable('conv'),
    matmul: () => repeatable('matmul'),
    overhead: () => repeatable('overhead'),
    memory: () => ({ tensorBytes: 1, wasmHeapBytes: 2, gpuBytes: null }),
  }
}

/** Lets every queued microtask (and the ones they queue) run, but no task. */
async function drainMicrotasks(): Promise<void> {
  for (let i = 0; i < 100; i++) await Promise.resolve()
}

describe('yieldingBetweenSteps', () => {
  it('starts every step and repetition in a task of its own, and passes results through', async () => {
    const calls: string[] = []
    const lib = yieldingBetweenSteps(fakeLibrary(calls))
    const workload = { kind: 'mlp', name: 'm', sizes: [1, 1], batch: 1 } as const
    const model = lib.mlp(workload, { weights: [], biases: [] })
    const step = model.step(new Float32Array(1), new Int32Array(1), 1)
    await drainMicrotasks()
    expect(calls).toEqual([])
    expect(await step).toBe(2.3)
    expect(await model.correct(new Float32Array(1), new Int32Array(1), 1)).toBe(7)

    const matmul = lib.matmul(1, new Float32Array(1), new Float32Array(1))
    const run = matmul.run()
    await drainMicrotasks()
    expect(calls).toEqual(['step', 'correct'])
    await run
    matmul.dispose()
    expect(calls).toEqual(['step', 'correct', 'matmul', 'matmul disposed'])
    expect(lib.memory().wasmHeapBytes).toBe(2)
    expect(lib.threads).toBe(1)
  })
})
