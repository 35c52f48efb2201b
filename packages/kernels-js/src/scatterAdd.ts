import { numel, stridesOf } from '@othergrad/core/backend'
import type { DataArray, Shape } from '@othergrad/core/backend'
import { advance } from './layout'

/**
 * The adjoint of gather: `out` (of `shape`) is zeroed, then every `src` element at an index
 * position is added where gather would have read it. `src` may be larger than `index`; only the
 * positions `index` covers are read, as in `torch.scatter_add`.
 */
export function scatterAddImpl(
  shape: Shape,
  dim: number,
  index: Int32Array,
  indexShape: Shape,
  src: DataArray,
  srcShape: Shape,
  out: DataArray,
): void {
  if (out.length === 0) return
  out.fill(0)
  const size = numel(indexShape)
  if (size === 0) return
  const rank = indexShape.length
  if (rank === 0) {
    out[index[0]] += src[0]
    return
  }
  const outStrides = stridesOf(shape)
  const walk = outStrides.slice()
  walk[dim] = 0
  const srcStrides = stridesOf(srcShape)
  const step = outStrides[dim]
  const oLast = walk[rank - 1]
  const sLast = srcStrides[rank - 1]
  const n = indexShape[rank - 1]
  const pos = new Array<number>(rank).fill(0)
  const offsets = [0, 0]
  for (let p = 0; p < size; p += n) {
    const o = offsets[0]
    const s = offsets[1]
    for (let j = 0; j < n; j++) out[o + j * oLast + index[p + j] * step] += src[s + j * sLast]
    advance(pos, indexShape, rank - 1, [walk, srcStrides], offsets)
  }
}
