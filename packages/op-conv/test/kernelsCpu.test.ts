import { beforeAll, describe, expect, it } from 'vitest'
import { cpuBackend } from '@othergrad/backend-cpu'
import { getBackend, manualSeed, randn, setBackend, use } from '@othergrad/core'
import { conv2d, convOps, maxPool2d } from '../src/index'
import { convStep, countKernelCalls } from './countKernels'

describe("op-conv's CPU kernels", () => {
  beforeAll(async () => {
    use(cpuBackend())
    await setBackend('cpu')
  })

  it('match the composites before use(), then run after it, each one counted', () => {
    manualSeed(5)
    const x = randn([3, 6, 11, 9], { dtype: 'float64', requiresGrad: true })
    const w = randn([4, 3, 3, 2], { dtype: 'float64', requiresGrad: true })
    const options = {
      stride: [2, 1] as [number, number],
      padding: [2, 1] as [number, number],
      dilation: [1, 2] as [number, number],
      groups: 2,
    }
    const run = () => {
      x.grad = null
      w.grad = null
      const [y, idx] = maxPool2d(conv2d(x, w, null, options).tanh(), 2, {
        ceilMode: true,
        returnIndices: true,
      })
      y.square().sum().backward()
      return {
        y: [...y.dataSync()],
        idx: [...idx.dataSync()],
        dx: [...x.grad!.dataSync()],
        dw: [...w.grad!.dataSync()],
      }
    }
    expect(getBackend().kernels.has('conv2d')).toBe(false)
    const composite = run()
    use(convOps())
    const counts = countKernelCalls()
    const kernel = run()
    expect(counts).toEqual({ conv2d: 1, conv2dInputGrad: 1, conv2dWeightGrad: 1, maxPool2d: 1 })
    expect(kernel.idx).toEqual(composite.idx)
    for (const key of ['y', 'dx', 'dw'] as const) {
      kernel[key].forEach((v, i) => expect(v).toBeCloseTo(composite[key][i], 12))
    }
    convStep()
    expect(counts).toEqual({ conv2d: 2, conv2dInputGrad: 2, conv2dWeightGrad: 2, maxPool2d: 2 })
  })
})
