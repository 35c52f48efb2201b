import { numel } from '@othergrad/core/backend'
import type { Storage, TensorInfo } from '@othergrad/core/backend'
import { splitAt } from '@othergrad/kernels-js'
import { gpuDType } from '../storage'
import { bind, operand, type GpuStore } from '../store'
import { copyBlock } from './copy'

/**
 * Joins tensors along `axis`. Each input is one copy: `[outer, chunk]` rows landing `total`
 * apart in the output, after the chunks of the inputs before it. One input per dispatch keeps
 * every shader at two storage buffers, whatever the device's limit.
 */
export function concat(store: GpuStore, xs: readonly TensorInfo[], axis: number): Storage {
  gpuDType(store.name, xs[0].dtype)
  const outShape = xs[0].shape.slice()
  outShape[axis] = 0
  for (const x of xs) outShape[axis] += x.shape[axis]
  const out = store.alloc(numel(outShape))
  if (out.size === 0) return out
  const [outer, , inner] = splitAt(outShape, axis)
  const total = outShape[axis] * inner
  let start = 0
  for (const x of xs) {
    const chunk = x.shape[axis] * inner
    copyBlock(store, operand(x), 0, [chunk, 1], bind(out), start, [total, 1], [outer, chunk])
    start += chunk
  }
  return out
}
