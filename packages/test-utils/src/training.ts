/** Data and parameters for the backends' small training tests. */
import { randn, tensor, uniformValues, type Tensor } from '@othergrad/core'

/**
 * Three Gaussian blobs labelled by blob (sample i belongs to blob i % 3): centres (2, 0),
 * (-1, 1.7) and (-1, -1.7) in the first two of `dims` dimensions, plus `noise`·N(0, 1) in all.
 * Async so that backends without synchronous reads can make it too.
 */
export async function blobs(
  count: number,
  dims: number,
  noise: number,
): Promise<{ x: Tensor; y: Tensor }> {
  const centres = [
    [2, 0],
    [-1, 1.7],
    [-1, -1.7],
  ]
  const jitter = await randn([count, dims]).mul(noise).data()
  const points = new Float32Array(count * dims)
  const labels = new Int32Array(count)
  for (let i = 0; i < count; i++) {
    const c = i % 3
    labels[i] = c
    for (let j = 0; j < dims; j++) {
      points[i * dims + j] = (j < 2 ? centres[c][j] : 0) + jitter[i * dims + j]
    }
  }
  return { x: tensor(points, { shape: [count, dims] }), y: tensor(labels) }
}

/** PyTorch's default Linear init: U(-1/sqrt(fanIn), 1/sqrt(fanIn)) for weight and bias. */
export function linearParam(shape: number[], fanIn: number): Tensor {
  const bound = 1 / Math.sqrt(fanIn)
  const size = shape.reduce((a, b) => a * b, 1)
  return tensor(uniformValues(size, -bound, bound, 'float32'), { shape, requiresGrad: true })
}
