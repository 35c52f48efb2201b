import { beforeAll, describe, expect, it } from 'vitest'
import {
  crossEntropy,
  linear,
  manualSeed,
  noGrad,
  randn,
  setBackend,
  tensor,
  uniformValues,
  use,
  type Tensor,
} from '@othergrad/core'
import { cpuBackend } from '@othergrad/backend-cpu'

/** Three Gaussian blobs in 2-D, labelled by blob. */
function blobs(perClass: number): { x: Tensor; y: Tensor } {
  const centres = [
    [2, 0],
    [-1, 1.7],
    [-1, -1.7],
  ]
  const noise = randn([3 * perClass, 2])
    .mul(0.6)
    .dataSync()
  const points = new Float32Array(3 * perClass * 2)
  const labels = new Int32Array(3 * perClass)
  for (let i = 0; i < 3 * perClass; i++) {
    const c = i % 3
    labels[i] = c
    points[2 * i] = centres[c][0] + noise[2 * i]
    points[2 * i + 1] = centres[c][1] + noise[2 * i + 1]
  }
  return { x: tensor(points, { shape: [3 * perClass, 2] }), y: tensor(labels) }
}

/** PyTorch's default Linear init: U(-1/sqrt(fanIn), 1/sqrt(fanIn)) for weight and bias. */
function param(shape: number[], fanIn: number): Tensor {
  const bound = 1 / Math.sqrt(fanIn)
  const size = shape.reduce((a, b) => a * b, 1)
  return tensor(uniformValues(size, -bound, bound, 'float32'), { shape, requiresGrad: true })
}

describe('a two-layer MLP written with core ops alone', () => {
  beforeAll(async () => {
    use(cpuBackend())
    await setBackend('cpu')
  })

  it('trains on a synthetic classification set until its loss falls below 0.1', () => {
    manualSeed(0)
    const { x, y } = blobs(100)
    const w1 = param([32, 2], 2)
    const b1 = param([32], 2)
    const w2 = param([3, 32], 32)
    const b2 = param([3], 32)
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
