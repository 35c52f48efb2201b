/**
 * A small seeded generator for the harness's own choices (shuffles, matmul operands), so every
 * implementation sees the same batches in the same order.
 */

/** mulberry32: a 32-bit state, floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A Fisher-Yates permutation of `0..n-1`. */
export function shuffledIndices(n: number, seed: number): Int32Array {
  const random = seededRandom(seed)
  const order = new Int32Array(n)
  for (let i = 0; i < n; i++) order[i] = i
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    const tmp = order[i]
    order[i] = order[j]
    order[j] = tmp
  }
  return order
}

/** `size` floats uniform in [-1, 1). */
export function uniformArray(size: number, seed: number): Float32Array {
  const random = seededRandom(seed)
  const out = new Float32Array(size)
  for (let i = 0; i < size; i++) out[i] = random() * 2 - 1
  return out
}
