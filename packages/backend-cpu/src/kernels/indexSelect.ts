import { numel } from '@othergrad/core/backend'
import type { Storage, TensorInfo } from '@othergrad/core/backend'
import { indexSelectImpl, splitAt } from '@othergrad/kernels-js'
import { valuesOf } from '../storage'
import type { CpuStore } from '../storage'

/** `torch.index_select(x, dim, index)` with a 1-D int32 `index`. */
export function indexSelect(
  store: CpuStore,
  x: TensorInfo,
  dim: number,
  index: TensorInfo,
): Storage {
  const count = numel(index.shape)
  const [outer, , inner] = splitAt(x.shape, dim)
  const out = store.alloc(x.dtype, outer * count * inner)
  if (out.values.length === 0) return out
  const idx = (valuesOf(index) as Int32Array).subarray(0, count)
  indexSelectImpl(valuesOf(x), x.shape, dim, idx, out.values)
  return out
}
