import { beforeAll, describe, expect, it } from 'vitest'
import { cpuBackend } from '@othergrad/backend-cpu'
import { getBackend, setBackend, use } from '@othergrad/core'
import { convOps } from '../src/index'
import { convRun, countKernelCalls, expectSameRun } from './countKernels'

describe("op-conv's CPU kernels", () => {
  beforeAll(async () => {
    use(cpuBackend())
    await setBackend('cpu')
  })

  it('match the composites before use(), then run after it, each one counted', async () => {
    expect(getBackend().kernels.has('conv2d')).toBe(false)
    const composite = await convRun('float64')
    use(convOps())
    const counts = countKernelCalls()
    expectSameRun(await convRun('float64'), composite, 12)
    expect(counts).toEqual({ conv2d: 1, conv2dInputGrad: 1, conv2dWeightGrad: 1, maxPool2d: 1 })
    expectSameRun(await convRun('float32'), composite, 4)
    expect(counts).toEqual({ conv2d: 2, conv2dInputGrad: 2, conv2dWeightGrad: 2, maxPool2d: 2 })
  })
})
