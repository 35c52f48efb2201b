import { describe, expect, it } from 'vitest'
import type { Measurement } from './measurement'
import type { PlanEntry } from './plan'
import { runPlan } from './session'
import { WORKLOADS } from './workloads'

describe('runPlan', () => {
  it('keeps the higher of the limits probed before and after each measurement', async () => {
    const workload = WORKLOADS.find((w) => w.name === 'matmul-1024')!
    const entry: PlanEntry = {
      spec: {
        id: 'othergrad-wasm-relaxed-t2',
        impl: 'othergrad',
        backend: 'wasm',
        threads: 2,
        variant: 'pytorch-style',
        kinds: ['matmul'],
      },
      workload,
    }
    // The first probe met a busy host (one core's worth for two threads), the second did not.
    const probes = [47.34, 86.41, 88.0, null]
    const asked: number[] = []
    const limitOf = (threads: number) => {
      asked.push(threads)
      return Promise.resolve(probes.shift() ?? null)
    }
    const measure = () =>
      Promise.resolve({
        status: 'ok',
        workload: workload.name,
        kind: 'matmul',
        gflops: 61.1,
      } as Measurement)
    const [first, second] = await runPlan([entry, entry], measure, '', limitOf)
    expect(asked).toEqual([2, 2, 2, 2])
    expect(first.fma_limit_gflops).toBe(86.4)
    // No limit where a probe could not run (an engine without relaxed SIMD).
    expect(second.fma_limit_gflops).toBeNull()
  })
})
