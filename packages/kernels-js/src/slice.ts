import { stridesOf } from '@othergrad/core/backend'
import type { DataArray, Shape } from '@othergrad/core/backend'
import { copyBlock } from './layout'

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
