import { numel } from '@othergrad/core/backend'
import type { DataArray, IndexKernels, Shape } from '@othergrad/core/backend'
import { splitAt } from '../layout'
import type { WasmContext } from '../context'
import { valuesOf } from '../storage'

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
export function indexSelectKernel(ctx: WasmContext): IndexKernels['indexSelect'] {
  const { store } = ctx
  return (x, dim, index) => {
    const count = numel(index.shape)
    const [outer, , inner] = splitAt(x.shape, dim)
    const size = outer * count * inner
    const out = store.alloc(x.dtype, size)
    if (size === 0) return out
    const idx = valuesOf(store, index) as Int32Array
    indexSelectImpl(valuesOf(store, x), x.shape, dim, idx, store.view(x.dtype, out.ptr, size))
    return out
  }
}
