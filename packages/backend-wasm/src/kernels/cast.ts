import { numel } from '@othergrad/core/backend'
import type { ElementwiseKernels } from '@othergrad/core/backend'
import { castImpl } from '@othergrad/kernels-js'
import type { WasmContext } from '../context'
import { valuesOf } from '../storage'

/** Casts `x` to `dtype`. */
export function castKernel(ctx: WasmContext): ElementwiseKernels['cast'] {
  const { store } = ctx
  return (x, dtype) => {
    const size = numel(x.shape)
    const out = store.alloc(dtype, size)
    if (size === 0) return out
    castImpl(valuesOf(store, x), store.view(dtype, out.ptr, size), dtype)
    return out
  }
}
