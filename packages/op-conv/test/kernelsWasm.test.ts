import { beforeAll, describe, expect, it } from 'vitest'
import { wasmBackend } from '@othergrad/backend-wasm'
import { ready, setBackend, use } from '@othergrad/core'
import { convOps } from '../src/index'
import { convRun, countKernelCalls, expectSameRun, type ConvRun } from './countKernels'

describe("op-conv's WASM kernels", () => {
  let composite: ConvRun
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
      expectSameRun(await convRun('float32'), composite, 4)
      expect(counts).toEqual({ conv2d: 1, conv2dInputGrad: 1, conv2dWeightGrad: 1, maxPool2d: 1 })
      // float64 (a reference dtype) declines to the composite
      expectSameRun(await convRun('float64'), composite, 4)
      expect(counts).toEqual({ conv2d: 2, conv2dInputGrad: 2, conv2dWeightGrad: 2, maxPool2d: 2 })
    })
  }
})
