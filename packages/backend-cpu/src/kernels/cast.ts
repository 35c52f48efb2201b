import { numel } from '@othergrad/core/backend'
import type { DType, Storage, TensorInfo } from '@othergrad/core/backend'
import { castImpl } from '@othergrad/kernels-js'
import { valuesOf } from '../storage'
import type { CpuStore } from '../storage'

/** Casts `x` to `dtype`. */
export function cast(store: CpuStore, x: TensorInfo, dtype: DType): Storage {
  const out = store.alloc(dtype, numel(x.shape))
  if (out.values.length === 0) return out
  castImpl(valuesOf(x), out.values, dtype)
  return out
}
