import { numel } from '@othergrad/core/backend'
import type { MovementKernels } from '@othergrad/core/backend'
import { expandImpl } from '@othergrad/kernels-js'
import type { WasmContext } from '../context'
import { valuesOf } from '../storage'

/** Broadcasts `x` to `shape`, materialised. */
export function expandKernel(ctx: WasmContext): MovementKernels['expand'] {
  const { store } = ctx
  return (x, shape) => {
    const size = numel(shape)
    const out = store.alloc(x.dtype, size)
    if (size === 0) return out
    expandImpl(valuesOf(store, x), x.shape, store.view(x.dtype, out.ptr, size), shape)
    return out
  }
}
