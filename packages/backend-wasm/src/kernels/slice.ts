import { numel, stridesOf } from '@othergrad/core/backend'
import type { DataArray, MovementKernels, Shape } from '@othergrad/core/backend'
import { copyBlock } from '../layout'
import type { WasmContext } from '../context'
import { valuesOf } from '../storage'

/** Copies the block `[begin, begin + size)` of `x` (`shape`) into the contiguous `out`. */
export function sliceImpl(
  x: DataArray,
  shape: Shape,
  begin: readonly number[],
  size: readonly number[],
  out: DataArray,
): void {
  if (out.length === 0) return
  const strides = stridesOf(shape)
  let offset = 0
  for (let d = 0; d < shape.length; d++) offset += begin[d] * strides[d]
  copyBlock(x, offset, strides, out, 0, stridesOf(size), size)
}

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
