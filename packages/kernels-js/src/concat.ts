import type { DataArray, Shape } from '@othergrad/core/backend'

/**
 * Joins `xs` along `axis` into `out`. Every input contributes one contiguous chunk per index of
 * the dims before `axis`, so the copy is a sequence of runs.
 */
export function concatImpl(
  xs: readonly DataArray[],
  shapes: readonly Shape[],
  axis: number,
  out: DataArray,
): void {
  if (out.length === 0) return
  const shape = shapes[0]
  let outer = 1
  for (let d = 0; d < axis; d++) outer *= shape[d]
  let inner = 1
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d]
  const chunks = shapes.map((s) => s[axis] * inner)
  let o = 0
  for (let r = 0; r < outer; r++) {
    for (let t = 0; t < xs.length; t++) {
      const x = xs[t]
      const n = chunks[t]
      const start = r * n
      for (let j = 0; j < n; j++) out[o + j] = x[start + j]
      o += n
    }
  }
}
