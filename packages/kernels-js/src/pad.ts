import { stridesOf } from '@othergrad/core/backend'
import type { DataArray, Shape } from '@othergrad/core/backend'
import { copyBlock } from './layout'

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
