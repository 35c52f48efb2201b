/** Naive reference helpers for the kernel tests: index arithmetic spelled out, no fast paths. */
export type Shape = readonly number[]

export function numel(shape: Shape): number {
  return shape.reduce((a, b) => a * b, 1)
}

/** Flat row-major offset → multi-index. */
export function unravel(flat: number, shape: Shape): number[] {
  const idx = new Array<number>(shape.length)
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = flat % shape[d]
    flat = Math.floor(flat / shape[d])
  }
  return idx
}

/** Multi-index → flat row-major offset. */
export function ravel(idx: readonly number[], shape: Shape): number {
  let flat = 0
  for (let d = 0; d < shape.length; d++) flat = flat * shape[d] + idx[d]
  return flat
}

/** Flat offset into `shape` of the element that output multi-index `outIdx` reads when broadcasting. */
export function broadcastOffset(outIdx: readonly number[], shape: Shape): number {
  const lead = outIdx.length - shape.length
  return ravel(
    shape.map((s, d) => (s === 1 ? 0 : outIdx[lead + d])),
    shape,
  )
}

/** Small integers in [-4, 4] from a seeded generator (mulberry32), so ties are common and reproduce. */
export function randomInts(n: number, seed = 1): number[] {
  let s = seed >>> 0
  return Array.from({ length: n }, () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return Math.round((((t ^ (t >>> 14)) >>> 0) / 2 ** 31 - 1) * 4)
  })
}
