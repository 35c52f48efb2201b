import { numel } from '@othergrad/core/backend'
import type { ElementwiseKernels } from '@othergrad/core/backend'
import { whereImpl } from '@othergrad/kernels-js'
import type { WasmContext } from '../context'
import { valuesOf } from '../storage'

/** Selects from `a` where `cond` is true, else from `b`. */
export function whereKernel(ctx: WasmContext): ElementwiseKernels['where'] {
  const { store } = ctx
  return (cond, a, b, outShape) => {
    const size = numel(outShape)
    const out = store.alloc(a.dtype, size)
    if (size === 0) return out
    const values = store.view(a.dtype, out.ptr, size)
    whereImpl(
      valuesOf(store, cond),
      cond.shape,
      valuesOf(store, a),
      a.shape,
      valuesOf(store, b),
      b.shape,
      values,
      outShape,
    )
    return out
  }
}
