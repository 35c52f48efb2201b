import type { DataArray, Shape } from '@othergrad/core/backend'
import { splitAt } from './layout'

/**
 * The adjoint of indexSelect: `out` (of `shape`) is zeroed, then slice `i` of `src` along `dim`
 * is added into slice `index[i]`. Repeated indices accumulate.
 */
export function indexAddImpl(
  shape: Shape,
  dim: number,
  index: Int32Array,
  src: DataArray,
  out: DataArray,
): void {
  if (out.length === 0) return
  out.fill(0)
  const [outer, size, inner] = splitAt(shape, dim)
  const count = index.length
  for (let o = 0, s = 0; o < outer; o++) {
    for (let i = 0; i < count; i++, s += inner) {
      const d = (o * size + index[i]) * inner
      for (let j = 0; j < inner; j++) out[d + j] += src[s + j]
    }
  }
}
