import { describe, expect, it } from 'vitest'
import { fmaFlops, fmaPeakModule, nodeFmaPeak } from './fmaPeak'
import { withLimitShares } from './report'
import type { Measurement } from './measurement'
import { mlpFlopsPerSample } from './workloads'

describe('the FMA limit', () => {
  it('runs ten fused multiply-add chains for the iterations asked', async () => {
    // nodeFmaPeak turns relaxed SIMD on in Node 20 (a V8 flag) before it validates the module.
    const limit = await nodeFmaPeak(1, 100_000)
    expect(limit).toBeGreaterThan(0)
    const { fma } = new WebAssembly.Instance(new WebAssembly.Module(fmaPeakModule())).exports as {
      fma: (n: number) => number
    }
    // Each chain: acc <- acc * 0.999999 + 1e-7 from 0; lane 0 of the ten chains summed.
    const a = Math.fround(0.999999)
    const b = Math.fround(1e-7)
    let acc = 0
    for (let i = 0; i < 3; i++) acc = Math.fround(acc * a + b)
    expect(fma(3)).toBeCloseTo(10 * acc, 12)
    expect(fma(0)).toBe(0)
    expect(fmaFlops(3)).toBe(3 * 10 * 4 * 2)
  })

  it('measures every thread at once', async () => {
    const two = await nodeFmaPeak(2, 200_000)
    expect(two).toBeGreaterThan(0)
  })

  it("puts matmul and MLP figures against the run's limit", () => {
    // 784-512-256-10: forward and weight gradient of every layer, input gradient of the last two.
    expect(mlpFlopsPerSample([784, 512, 256, 10])).toBe(
      2 * (784 * 512 * 2 + 512 * 256 * 3 + 256 * 10 * 3),
    )
    const base = { status: 'ok', impl: 'othergrad', threads: 2, fma_limit_gflops: 50 } as const
    const [matmul, mlp, none] = withLimitShares([
      { ...base, workload: 'matmul-1024', kind: 'matmul', gflops: 40 } as Measurement,
      {
        ...base,
        workload: 'mlp-784-512-256-10-b128',
        kind: 'mlp',
        samples_per_s: 10_000,
      } as Measurement,
      {
        ...base,
        workload: 'matmul-256',
        kind: 'matmul',
        gflops: 10,
        fma_limit_gflops: null,
      } as Measurement,
    ])
    expect(matmul.of_fma_limit).toBe(0.8)
    expect(mlp.effective_gflops).toBeCloseTo(24.074, 3)
    expect(mlp.of_fma_limit).toBeCloseTo(24.074 / 50, 3)
    expect(none.of_fma_limit).toBeUndefined()
  })
})
