import { beforeAll, describe, expect, it } from 'vitest'
import { input, maxError, output, random, testStore } from '../../test/gpu'
import type { GpuStore } from '../store'
import { logSoftmax, logSoftmaxBackward } from './logSoftmax'
import { reluBackward } from './reluBackward'

function logSoftmaxRef(x: number[], n: number): number[] {
  const out: number[] = []
  for (let r = 0; r < x.length; r += n) {
    const row = x.slice(r, r + n)
    const max = Math.max(...row)
    const lse = max + Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0))
    out.push(...row.map((v) => v - lse))
  }
  return out
}

describe('row kernels', () => {
  let store: GpuStore
  beforeAll(async () => {
    store = await testStore()
  })

  // 10 wide: one invocation per row; 300 wide: one workgroup per row.
  for (const n of [10, 300]) {
    it(`log-softmaxes rows of ${n} and differentiates them`, async () => {
      const rows = 7
      const x = random(rows * n, 9).map((v) => Math.fround(v * 20))
      const y = logSoftmax(store, input(store, x, [rows, n]))
      const got = await output(store, y, rows * n)
      const want = logSoftmaxRef(x, n)
      expect(maxError(got, want)).toBeLessThan(2e-6)
      const dy = random(rows * n, 10)
      const dx = logSoftmaxBackward(store, input(store, dy, [rows, n]), {
        storage: y,
        shape: [rows, n],
        dtype: 'float32',
      })
      const wantDx: number[] = []
      for (let r = 0; r < rows * n; r += n) {
        const s = dy.slice(r, r + n).reduce((a, b) => a + b, 0)
        for (let j = r; j < r + n; j++) wantDx.push(dy[j] - Math.exp(want[j]) * s)
      }
      expect(maxError(await output(store, dx, rows * n), wantDx)).toBeLessThan(1e-5)
    })
  }

  it('gives NaN rows for NaN or infinite inputs, as torch does', async () => {
    const got = await output(
      store,
      logSoftmax(store, input(store, [1, NaN, 2, Infinity, 0, 0], [3, 2])),
      6,
    )
    expect(got.slice(0, 4).every(Number.isNaN)).toBe(true)
    expect(got.slice(4)).toEqual([Math.fround(-Math.LN2), Math.fround(-Math.LN2)])
  })

  it('passes relu gradients where y > 0 and where y is NaN', async () => {
    const dy = input(store, [1, 2, 3, NaN, 5], [5])
    const y = input(store, [1, 0, -1, -2, NaN], [5])
    expect(await output(store, reluBackward(store, dy, y), 5)).toEqual([1, 0, 0, 0, 5])
  })
})
