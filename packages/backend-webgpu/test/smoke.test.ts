import { describe, expect, it } from 'vitest'
import { setBackend, tensor, use } from '@othergrad/core'
import { nodeWebgpuBackend } from '../src/node'

describe('smoke', () => {
  it('adds', async () => {
    use(nodeWebgpuBackend())
    await setBackend('webgpu')
    const x = tensor([[1, 2, 3], [4, 5, 6]])
    const y = x.mul(2).add(tensor([1, 0, -1])).sum(1)
    expect(Array.from(await y.data())).toEqual([12, 30])
    const m = x.matmul(x.T)
    expect(Array.from(await m.data())).toEqual([14, 32, 32, 77])
    expect(Array.from(await x.argmax(1).data())).toEqual([2, 2])
    expect(Array.from(await x.logSoftmax(1).exp().sum(1).data()).map((v) => Math.round(v * 1e5) / 1e5)).toEqual([1, 1])
  })
})
