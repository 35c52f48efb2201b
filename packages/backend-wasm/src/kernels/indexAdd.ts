import { numel } from '@othergrad/core/backend'
import type { DataArray, IndexKernels, Shape } from '@othergrad/core/backend'
import { splitAt } from '../layout'
import type { WasmContext } from '../context'
import { valuesOf } from '../storage'

/**
 * The adjoint of indexSelect: `out` (of `shape`) is zeroed, then slice `i` of `src` along `dim`
 * is added into slice `index[i]`. Repeated indices accumulate.
 */
export function indexAddImpl(
  shape: Shape,
  dim: number,
  index: Int32Array,
  src: DataArray,
  out: DataArray,
): void {
  if (out.length === 0) return
  out.fill(0)
  const [outer, size, inner] = splitAt(shape, dim)
  const count = index.length
  for (let o = 0, s = 0; o < outer; o++) {
    for (let i = 0; i < count; i++, s += inner) {
      const d = (o * size + index[i]) * inner
      for (let j = 0; j < inner; j++) out[d + j] += src[s + j]
    }
  }
}

/** Zeros of `shape`, then slice `index[i]` of `dim` += `src`'s slice `i`. */
export function indexAddKernel(ctx: WasmContext): IndexKernels['indexAdd'] {
  const { store } = ctx
  return (shape, dim, index, src) => {
    const size = numel(shape)
    const out = store.alloc(src.dtype, size)
    if (size === 0) return out
    const idx = valuesOf(store, index) as Int32Array
    indexAddImpl(shape, dim, idx, valuesOf(store, src), store.view(src.dtype, out.ptr, size))
    return out
  }
}
