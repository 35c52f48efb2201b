import { numel } from '@othergrad/core/backend'
import type { MovementKernels } from '@othergrad/core/backend'
import { concatImpl } from '@othergrad/kernels-js'
import type { WasmContext } from '../context'
import { valuesOf } from '../storage'

/** Joins tensors of one dtype and rank along `axis`. */
export function concatKernel(ctx: WasmContext): MovementKernels['concat'] {
  const { store } = ctx
  return (xs, axis) => {
    const outShape = xs[0].shape.slice()
    outShape[axis] = 0
    for (const x of xs) outShape[axis] += x.shape[axis]
    const size = numel(outShape)
    const out = store.alloc(xs[0].dtype, size)
    if (size === 0) return out
    const values = xs.map((x) => valuesOf(store, x))
    concatImpl(
      values,
      xs.map((x) => x.shape),
      axis,
      store.view(xs[0].dtype, out.ptr, size),
    )
    return out
  }
}
