import type { DataArray, Shape } from '@othergrad/core/backend'
import { splitAt } from './layout'

/** `torch.index_select`: slice `index[i]` of `dim` becomes slice `i` of `out`. */
export function indexSelectImpl(
  x: DataArray,
  xShape: Shape,
  dim: number,
  index: Int32Array,
  out: DataArray,
): void {
  if (out.length === 0) return
  const [outer, size, inner] = splitAt(xShape, dim)
  const count = index.length
  for (let o = 0, d = 0; o < outer; o++) {
    for (let i = 0; i < count; i++, d += inner) {
      const s = (o * size + index[i]) * inner
      for (let j = 0; j < inner; j++) out[d + j] = x[s + j]
    }
  }
}
