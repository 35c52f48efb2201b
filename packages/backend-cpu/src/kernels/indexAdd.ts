import { numel } from '@othergrad/core/backend'
import type { Shape, Storage, TensorInfo } from '@othergrad/core/backend'
import { indexAddImpl } from '@othergrad/kernels-js'
import { valuesOf } from '../storage'
import type { CpuStore } from '../storage'

/** Zeros of `shape`, then slice `index[i]` of `dim` += `src`'s slice `i`. */
export function indexAdd(
  store: CpuStore,
  shape: Shape,
  dim: number,
  index: TensorInfo,
  src: TensorInfo,
): Storage {
  const out = store.alloc(src.dtype, numel(shape))
  if (out.values.length === 0) return out
  const idx = (valuesOf(index) as Int32Array).subarray(0, numel(index.shape))
  indexAddImpl(shape, dim, idx, valuesOf(src), out.values)
  return out
}
