import { beforeAll, describe, expect, it } from 'vitest'
import { crossEntropy, linear, manualSeed, noGrad, setBackend, use } from '@othergrad/core'
import { cpuBackend } from '@othergrad/backend-cpu'
import { blobs, linearParam } from '@othergrad/test-utils'

describe('a two-layer MLP written with core ops alone', () => {
  beforeAll(async () => {
    use(cpuBackend())
    await setBackend('cpu')
  })

  it('trains on a synthetic classification set until its loss falls below 0.1', async () => {
    manualSeed(0)
    const { x, y } = await blobs(300, 2, 0.6)
    const w1 = linearParam([32, 2], 2)
    const b1 = linearParam([32], 2)
    const w2 = linearParam([3, 32], 32)
    const b2 = linearParam([3], 32)
    const params = [w1, b1, w2, b2]
    const losses: number[] = []
    for (let step = 0; step < 300; step++) {
      const loss = crossEntropy(linear(linear(x, w1, b1).relu(), w2, b2), y)
      for (const p of params) p.grad = null
      loss.backward()
      noGrad(() => params.forEach((p) => p.sub_(p.grad!.mul(0.5))))
      losses.push(loss.itemSync())
    }
    expect(losses[0]).toBeGreaterThan(0.8)
    expect(losses[losses.length - 1]).toBeLessThan(0.1)
    const predictions = linear(linear(x, w1, b1).relu(), w2, b2).argmax(1)
    const accuracy = predictions.eq(y).float().mean().itemSync()
    expect(accuracy).toBeGreaterThan(0.97)
  })
})
