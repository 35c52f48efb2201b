import { numel } from '@othergrad/core/backend'
import type { MovementKernels } from '@othergrad/core/backend'
import { padImpl } from '@othergrad/kernels-js'
import type { WasmContext } from '../context'
import { valuesOf } from '../storage'

/** Zero-pads `before[i]` and `after[i]` elements around dim `i`: the adjoint of slice. */
export function padKernel(ctx: WasmContext): MovementKernels['pad'] {
  const { store } = ctx
  return (x, before, after) => {
    const size = numel(x.shape.map((s, d) => before[d] + s + after[d]))
    const out = store.alloc(x.dtype, size)
    if (size === 0) return out
    padImpl(valuesOf(store, x), x.shape, before, after, store.view(x.dtype, out.ptr, size))
    return out
  }
}
