import { numel } from '@othergrad/core/backend'
import type { DataArray, Shape } from '@othergrad/core/backend'
import { advance, broadcastStrides, collapse } from './layout'

/** `out = cond ? a : b`, all three broadcast to `outShape`. */
export function whereImpl(
  cond: DataArray,
  condShape: Shape,
  a: DataArray,
  aShape: Shape,
  b: DataArray,
  bShape: Shape,
  out: DataArray,
  outShape: Shape,
): void {
  const size = numel(outShape)
  if (size === 0) return
  if (numel(condShape) === size && numel(aShape) === size && numel(bShape) === size) {
    for (let i = 0; i < size; i++) out[i] = cond[i] !== 0 ? a[i] : b[i]
    return
  }
  const { shape, strides } = collapse(outShape, [
    broadcastStrides(condShape, outShape),
    broadcastStrides(aShape, outShape),
    broadcastStrides(bShape, outShape),
  ])
  const rank = shape.length
  const n = shape[rank - 1]
  const sc = strides[0][rank - 1]
  const sa = strides[1][rank - 1]
  const sb = strides[2][rank - 1]
  const index = new Array<number>(rank).fill(0)
  const offsets = [0, 0, 0]
  for (let o = 0; o < size; o += n) {
    let ic = offsets[0]
    let ia = offsets[1]
    let ib = offsets[2]
    for (let i = o; i < o + n; i++, ic += sc, ia += sa, ib += sb)
      out[i] = cond[ic] !== 0 ? a[ia] : b[ib]
    advance(index, shape, rank - 1, strides, offsets)
  }
}
