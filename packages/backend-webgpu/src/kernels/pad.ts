import { numel, stridesOf } from '@othergrad/core/backend'
import type { Storage, TensorInfo } from '@othergrad/core/backend'
import { gpuDType } from '../storage'
import { bind, operand, type GpuStore } from '../store'
import { copyBlock } from './copy'

/** Zero-pads `before[i]` and `after[i]` elements around dim `i`: a clear, then the interior. */
export function pad(
  store: GpuStore,
  x: TensorInfo,
  before: readonly number[],
  after: readonly number[],
): Storage {
  gpuDType(store.name, x.dtype)
  const outShape = x.shape.map((s, d) => before[d] + s + after[d])
  const out = store.alloc(numel(outShape))
  if (out.size === 0) return out
  store.rt.clear(bind(out).buffer, out.bytes)
  const strides = stridesOf(outShape)
  let offset = 0
  for (let d = 0; d < x.shape.length; d++) offset += before[d] * strides[d]
  copyBlock(store, operand(x), 0, stridesOf(x.shape), bind(out), offset, strides, x.shape)
  return out
}
