import { beforeAll, describe, expect, it } from 'vitest'
import { wasmBackend } from '@othergrad/backend-wasm'
import { getBackend, manualSeed, randn, ready, setBackend, use } from '@othergrad/core'
import { conv2d, convOps } from '../src/index'
import { convRun, countKernelCalls, expectSameRun, type ConvRun } from './countKernels'

describe("op-conv's WASM kernels", () => {
  let composite: ConvRun
  const runs: ConvRun[] = []
  beforeAll(async () => {
    use(wasmBackend({ threads: 1, name: 'wasm-composite' }))
    await setBackend('wasm-composite')
    composite = await convRun('float32')
    use(convOps())
  })

  for (const threads of [1, 2]) {
    it(`match the composites and run, each one counted (${threads} thread${threads > 1 ? 's' : ''})`, async () => {
      const name = `wasm-${threads}`
      use(wasmBackend({ threads, name }))
      await setBackend(name)
      await ready()
      const counts = countKernelCalls()
      const run = await convRun('float32')
      expectSameRun(run, composite, 4)
      runs.push(run)
      expect(counts).toEqual({ conv2d: 1, conv2dInputGrad: 1, conv2dWeightGrad: 1, maxPool2d: 1 })
      // float64 (a reference dtype) declines to the composite
      expectSameRun(await convRun('float64'), composite, 4)
      expect(counts).toEqual({ conv2d: 2, conv2dInputGrad: 2, conv2dWeightGrad: 2, maxPool2d: 2 })
    })
  }

  it('give the same bits on one thread and on two, where the workers run units', async () => {
    expect(runs).toHaveLength(2)
    expect(runs[1]).toEqual(runs[0])
    await setBackend('wasm-2')
    const before = getBackend().memory().workerUnits
    manualSeed(2)
    const x = randn([16, 8, 12, 12], { requiresGrad: true })
    const w = randn([8, 8, 3, 3], { requiresGrad: true })
    // The caller claims units too, and on a loaded machine it may take a whole job before a
    // worker wakes: a worker taking units in any of a few jobs is what shows they can.
    for (let attempt = 0; attempt < 50; attempt++) {
      conv2d(x, w).sum().backward()
      if (getBackend().memory().workerUnits > before) break
    }
    expect(getBackend().memory().workerUnits).toBeGreaterThan(before)
  })
})
