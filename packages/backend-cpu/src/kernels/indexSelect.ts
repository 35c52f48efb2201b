import { numel } from '@othergrad/core/backend'
import type { DataArray, Shape, Storage, TensorInfo } from '@othergrad/core/backend'
import { valuesOf } from '../storage'
import type { CpuStore } from '../storage'
import { splitAt } from '../layout'

/** `torch.index_select`: slice `index[i]` of `dim` becomes slice `i` of `out`. */
export function indexSelectImpl(
  x: DataArray,
  xShape: Shape,
  dim: number,
  index: Int32Array,
  out: DataArray,
): void {
  if (out.length === 0) return
  const [outer, size, inner] = splitAt(xShape, dim)
  const count = index.length
  for (let o = 0, d = 0; o < outer; o++) {
    for (let i = 0; i < count; i++, d += inner) {
      const s = (o * size + index[i]) * inner
      for (let j = 0; j < inner; j++) out[d + j] = x[s + j]
    }
  }
}

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
