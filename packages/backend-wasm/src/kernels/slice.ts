import { numel } from '@othergrad/core/backend'
import type { MovementKernels } from '@othergrad/core/backend'
import { sliceImpl } from '@othergrad/kernels-js'
import type { WasmContext } from '../context'
import { valuesOf } from '../storage'

/** The block `[begin, begin + size)` in every dim. */
export function sliceKernel(ctx: WasmContext): MovementKernels['slice'] {
  const { store } = ctx
  return (x, begin, size) => {
    const count = numel(size)
    const out = store.alloc(x.dtype, count)
    if (count === 0) return out
    sliceImpl(valuesOf(store, x), x.shape, begin, size, store.view(x.dtype, out.ptr, count))
    return out
  }
}
