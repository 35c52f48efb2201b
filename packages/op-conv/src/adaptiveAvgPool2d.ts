import { tensor, type Tensor } from '@othergrad/core'
import { checkFloat, checkSpatialInput } from './checks'
import { formatSize } from './geometry'

/** An int for both dims, or `[h, w]` where `null` keeps the input's size. */
export type AdaptiveSize = number | readonly [number | null, number | null]

/** `[out, size]`: row `i` averages bin `[floor(i·size/out), ceil((i+1)·size/out))`. */
function binMatrix(size: number, out: number): Float64Array {
  const m = new Float64Array(out * size)
  for (let i = 0; i < out; i++) {
    const start = Math.floor((i * size) / out)
    const end = Math.ceil(((i + 1) * size) / out)
    for (let j = start; j < end; j++) m[i * size + j] = 1 / (end - start)
  }
  return m
}

/**
 * Average pooling to a fixed output size, like `F.adaptive_avg_pool2d`. The bins are rectangles,
 * so the average is separable: `rows @ x @ colsᵀ`, two matmuls whose gradients are matmuls.
 *
 * @example
 * adaptiveAvgPool2d(x, 1) // global average pooling: [N, C, 1, 1]
 */
export function adaptiveAvgPool2d(input: Tensor, outputSize: AdaptiveSize): Tensor {
  const op = 'adaptiveAvgPool2d'
  checkFloat(op, 'input', input)
  checkSpatialInput(op, input)
  const [h, w] = input.shape.slice(-2)
  const pair = typeof outputSize === 'number' ? [outputSize, outputSize] : outputSize
  if (!Array.isArray(pair) || pair.length !== 2) {
    throw new Error(
      `${op}: output_size must be an int or a pair, got ${JSON.stringify(outputSize)}`,
    )
  }
  const oh = pair[0] ?? h
  const ow = pair[1] ?? w
  for (const v of [oh, ow]) {
    if (!Number.isInteger(v) || v <= 0) {
      throw new Error(
        `${op}: elements of output_size must be greater than or equal to 1 but received ${formatSize([oh, ow])}`,
      )
    }
  }
  const options = { dtype: input.dtype, backend: input.backend.name }
  const rows = tensor(binMatrix(h, oh), { ...options, shape: [oh, h] })
  const cols = tensor(binMatrix(w, ow), { ...options, shape: [ow, w] })
  const lead = input.shape.slice(0, -2).map(() => 1)
  return rows
    .reshape([...lead, oh, h])
    .matmul(input)
    .matmul(cols.reshape([...lead, ow, w]).transpose(-2, -1))
}
