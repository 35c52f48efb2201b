import { numel, stridesOf } from '@othergrad/core/backend'
import type { Storage, TensorInfo } from '@othergrad/core/backend'
import { gpuDType } from '../storage'
import { bind, operand, type GpuStore } from '../store'
import { copyBlock } from './copy'

/** The block `[begin, begin + size)` in every dim. */
export function slice(
  store: GpuStore,
  x: TensorInfo,
  begin: readonly number[],
  size: readonly number[],
): Storage {
  gpuDType(store.name, x.dtype)
  const out = store.alloc(numel(size))
  const strides = stridesOf(x.shape)
  let offset = 0
  for (let d = 0; d < x.shape.length; d++) offset += begin[d] * strides[d]
  copyBlock(store, operand(x), offset, strides, bind(out), 0, stridesOf(size), size)
  return out
}
