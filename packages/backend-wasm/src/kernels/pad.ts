import { numel, stridesOf } from '@othergrad/core/backend'
import type { DataArray, MovementKernels, Shape } from '@othergrad/core/backend'
import { copyBlock } from '../layout'
import type { WasmContext } from '../context'
import { valuesOf } from '../storage'

/** Zero-pads `x` (`shape`) by `before[i]`/`after[i]` elements around dim `i` into `out`. */
export function padImpl(
  x: DataArray,
  shape: Shape,
  before: readonly number[],
  after: readonly number[],
  out: DataArray,
): void {
  if (out.length === 0) return
  const outShape = shape.map((s, d) => before[d] + s + after[d])
  const strides = stridesOf(outShape)
  let offset = 0
  for (let d = 0; d < shape.length; d++) offset += before[d] * strides[d]
  out.fill(0)
  copyBlock(x, 0, stridesOf(shape), out, offset, strides, shape)
}

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
