import { numel } from '@othergrad/core/backend'
import type { IndexKernels } from '@othergrad/core/backend'
import { indexSelectImpl, splitAt } from '@othergrad/kernels-js'
import type { WasmContext } from '../context'
import { valuesOf } from '../storage'

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
