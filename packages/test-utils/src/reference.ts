/** Naive reference helpers for the kernel tests: index arithmetic spelled out, no fast paths. */
import { expect } from 'vitest'

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

export function broadcastShapes(a: Shape, b: Shape): number[] {
  const n = Math.max(a.length, b.length)
  return Array.from({ length: n }, (_, i) => {
    const da = a[i - (n - a.length)] ?? 1
    const db = b[i - (n - b.length)] ?? 1
    return da === 1 ? db : da
  })
}

/** Deterministic values in [-1, 1) (mulberry32), so failures reproduce. */
export function randomValues(n: number, seed = 1): number[] {
  let s = seed >>> 0
  return Array.from({ length: n }, () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 31 - 1
  })
}

/** Small integers in [-4, 4], for float results that must be exact. */
export function randomInts(n: number, seed = 1): number[] {
  return randomValues(n, seed).map((v) => Math.round(v * 4))
}

/** Elementwise closeness with a relative-plus-absolute tolerance; NaNs must match NaNs. */
export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol = 1e-5,
): void {
  expect(actual.length).toBe(expected.length)
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]
    const e = expected[i]
    if (Number.isNaN(e) || !Number.isFinite(e)) {
      if (!Object.is(a, e)) expect.fail(`index ${i}: got ${a}, expected ${e}`)
    } else if (!(Math.abs(a - e) <= tol * (1 + Math.abs(e)))) {
      expect.fail(`index ${i}: got ${a}, expected ${e} (tol ${tol})`)
    }
  }
}
export { BINARY_REFERENCE, UNARY_REFERENCE } from './opReference'
