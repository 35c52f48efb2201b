import { numel } from '@othergrad/core/backend'
import type { IndexKernels } from '@othergrad/core/backend'
import { scatterAddImpl } from '@othergrad/kernels-js'
import type { WasmContext } from '../context'
import { valuesOf } from '../storage'

/** Zeros of `shape`, then `out[index[i][j]][j] += src[i][j]` for dim 0. */
export function scatterAddKernel(ctx: WasmContext): IndexKernels['scatterAdd'] {
  const { store } = ctx
  return (shape, dim, index, src) => {
    const size = numel(shape)
    const out = store.alloc(src.dtype, size)
    if (size === 0) return out
    const idx = valuesOf(store, index) as Int32Array
    const values = store.view(src.dtype, out.ptr, size)
    scatterAddImpl(shape, dim, idx, index.shape, valuesOf(store, src), src.shape, values)
    return out
  }
}
