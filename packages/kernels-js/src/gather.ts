import { stridesOf } from '@othergrad/core/backend'
import type { DataArray, Shape } from '@othergrad/core/backend'
import { advance } from './layout'

/**
 * `torch.gather` into `out` (shaped like `index`): along `dim` the position comes from `index`,
 * in every other dim from the output position itself.
 */
export function gatherImpl(
  x: DataArray,
  xShape: Shape,
  dim: number,
  index: Int32Array,
  indexShape: Shape,
  out: DataArray,
): void {
  const size = out.length
  if (size === 0) return
  const rank = indexShape.length
  if (rank === 0) {
    out[0] = x[index[0]]
    return
  }
  const xStrides = stridesOf(xShape)
  const walk = xStrides.slice()
  walk[dim] = 0
  const step = xStrides[dim]
  const last = walk[rank - 1]
  const n = indexShape[rank - 1]
  const pos = new Array<number>(rank).fill(0)
  const offsets = [0]
  for (let o = 0; o < size; o += n) {
    const base = offsets[0]
    for (let j = 0; j < n; j++) out[o + j] = x[base + j * last + index[o + j] * step]
    advance(pos, indexShape, rank - 1, [walk], offsets)
  }
}
