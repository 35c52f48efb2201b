import { numel } from '@othergrad/core/backend'
import type { MovementKernels } from '@othergrad/core/backend'
import { permuteImpl } from '@othergrad/kernels-js'
import type { WasmContext } from '../context'
import { valuesOf } from '../storage'

/** Permutes dims: output dim `i` is input dim `perm[i]`. */
export function permuteKernel(ctx: WasmContext): MovementKernels['permute'] {
  const { store } = ctx
  return (x, perm) => {
    const size = numel(x.shape)
    const out = store.alloc(x.dtype, size)
    if (size === 0) return out
    permuteImpl(valuesOf(store, x), x.shape, perm, store.view(x.dtype, out.ptr, size))
    return out
  }
}
