import { stridesOf } from '@othergrad/core/backend'
import type { DataArray, Shape } from '@othergrad/core/backend'
import { advance, collapse } from './layout'

// Tile edge for the 2-D transpose at the heart of every permute: a 32x32 tile of reads and one
// of writes both fit in L1, so neither side strides through memory a cache line per element.
const TILE = 32

/** Writes `x` (contiguous, `shape`) into `out` with output dim `i` = input dim `perm[i]`. */
export function permuteImpl(
  x: DataArray,
  shape: Shape,
  perm: readonly number[],
  out: DataArray,
): void {
  const size = out.length
  if (size === 0) return
  const inStrides = stridesOf(shape)
  // Walk the output in order, reading the input through permuted strides; dims that stay
  // neighbours in the input merge, so e.g. [b, h, t, d] -> [b, t, h, d] keeps d as a run.
  const { shape: dims, strides } = collapse(
    perm.map((p) => shape[p]),
    [perm.map((p) => inStrides[p])],
  )
  const src = strides[0]
  const rank = dims.length
  if (rank === 1) {
    for (let i = 0, s = 0; i < size; i++, s += src[0]) out[i] = x[s]
    return
  }
  const rows = dims[rank - 2]
  const cols = dims[rank - 1]
  const rs = src[rank - 2]
  const cs = src[rank - 1]
  const index = new Array<number>(rank).fill(0)
  const offsets = [0]
  for (let o = 0; o < size; o += rows * cols) {
    const base = offsets[0]
    for (let i0 = 0; i0 < rows; i0 += TILE) {
      const i1 = Math.min(i0 + TILE, rows)
      for (let j0 = 0; j0 < cols; j0 += TILE) {
        const j1 = Math.min(j0 + TILE, cols)
        for (let i = i0; i < i1; i++) {
          const s = base + i * rs
          const d = o + i * cols
          for (let j = j0; j < j1; j++) out[d + j] = x[s + j * cs]
        }
      }
    }
    advance(index, dims, rank - 2, strides, offsets)
  }
}
