import { numel } from '@othergrad/core/backend'
import type { IndexKernels } from '@othergrad/core/backend'
import { gatherImpl } from '@othergrad/kernels-js'
import type { WasmContext } from '../context'
import { valuesOf } from '../storage'

/** `torch.gather(x, dim, index)`. */
export function gatherKernel(ctx: WasmContext): IndexKernels['gather'] {
  const { store } = ctx
  return (x, dim, index) => {
    const size = numel(index.shape)
    const out = store.alloc(x.dtype, size)
    if (size === 0) return out
    const idx = valuesOf(store, index) as Int32Array
    gatherImpl(
      valuesOf(store, x),
      x.shape,
      dim,
      idx,
      index.shape,
      store.view(x.dtype, out.ptr, size),
    )
    return out
  }
}
