import type { DataArray, Shape } from '@othergrad/core/backend'
import { advance, broadcastStrides, collapse } from './layout'

/** Materialises `x` broadcast from `shape` (same rank, dims equal or 1) to `outShape`. */
export function expandImpl(x: DataArray, shape: Shape, out: DataArray, outShape: Shape): void {
  const size = out.length
  if (size === 0) return
  const { shape: dims, strides } = collapse(outShape, [broadcastStrides(shape, outShape)])
  const rank = dims.length
  const n = dims[rank - 1]
  const s = strides[0][rank - 1]
  const index = new Array<number>(rank).fill(0)
  const offsets = [0]
  for (let o = 0; o < size; o += n) {
    const i = offsets[0]
    if (s === 0) out.fill(x[i], o, o + n)
    else for (let j = 0; j < n; j++) out[o + j] = x[i + j]
    advance(index, dims, rank - 1, strides, offsets)
  }
}
