import { numel } from '@othergrad/core/backend'
import type { Storage, TensorInfo } from '@othergrad/core/backend'
import { sliceImpl } from '@othergrad/kernels-js'
import { valuesOf } from '../storage'
import type { CpuStore } from '../storage'

/** The block `[begin, begin + size)` in every dim. */
export function slice(
  store: CpuStore,
  x: TensorInfo,
  begin: readonly number[],
  size: readonly number[],
): Storage {
  const out = store.alloc(x.dtype, numel(size))
  if (out.values.length === 0) return out
  sliceImpl(valuesOf(x), x.shape, begin, size, out.values)
  return out
}
