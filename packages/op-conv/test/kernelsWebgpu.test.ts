import { describe, expect, it } from 'vitest'
import { nodeWebgpuBackend } from '@othergrad/backend-webgpu/node'
import { ready, setBackend, use } from '@othergrad/core'
import { convOps } from '../src/index'
import { convRun, countKernelCalls, expectSameRun } from './countKernels'

describe("op-conv's WebGPU kernels", () => {
  it('match the composites and run, each one counted', async () => {
    use(nodeWebgpuBackend())
    await setBackend('webgpu')
    const composite = await convRun('float32')
    use(convOps())
    await ready()
    const counts = countKernelCalls()
    expectSameRun(await convRun('float32'), composite, 4)
    expect(counts).toEqual({ conv2d: 1, conv2dInputGrad: 1, conv2dWeightGrad: 1, maxPool2d: 1 })
  })
})
