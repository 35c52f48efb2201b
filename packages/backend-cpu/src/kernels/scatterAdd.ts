import { numel } from '@othergrad/core/backend'
import type { Shape, Storage, TensorInfo } from '@othergrad/core/backend'
import { scatterAddImpl } from '@othergrad/kernels-js'
import { valuesOf } from '../storage'
import type { CpuStore } from '../storage'

/** Zeros of `shape`, then `out[index[i][j]][j] += src[i][j]` for dim 0. */
export function scatterAdd(
  store: CpuStore,
  shape: Shape,
  dim: number,
  index: TensorInfo,
  src: TensorInfo,
): Storage {
  const out = store.alloc(src.dtype, numel(shape))
  if (out.values.length === 0) return out
  scatterAddImpl(
    shape,
    dim,
    valuesOf(index) as Int32Array,
    index.shape,
    valuesOf(src),
    src.shape,
    out.values,
  )
  return out
}
