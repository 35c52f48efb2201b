import { numel } from '@othergrad/core/backend'
import type { IndexKernels } from '@othergrad/core/backend'
import { indexAddImpl } from '@othergrad/kernels-js'
import type { WasmContext } from '../context'
import { valuesOf } from '../storage'

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
