import { formatShape, type Shape } from '@othergrad/core/backend'
import type { Tolerance } from './cases/tolerances'

/** The worst element of a comparison: the one furthest outside its allowed error. */
export interface Mismatch {
  index: number
  actual: number
  expected: number
  error: number
  allowed: number
}

/** Largest finite magnitude of `values` (0 when there is none). */
export function maxMagnitude(values: ArrayLike<number>): number {
  let m = 0
  for (let i = 0; i < values.length; i++) {
    const v = Math.abs(values[i])
    if (v > m && v !== Infinity) m = v
  }
  return m
}

/**
 * Compares element by element (see tolerances.ts for the rule) and returns the worst violation,
 * or undefined when every element passes.
 */
export function compareValues(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol: Tolerance,
): Mismatch | undefined {
  const scale = maxMagnitude(expected)
  let worst: Mismatch | undefined
  let worstRatio = 1
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]
    const e = expected[i]
    if (!Number.isFinite(e) || !Number.isFinite(a)) {
      const same = (Number.isNaN(a) && Number.isNaN(e)) || a === e
      if (!same && worstRatio < Infinity) {
        worstRatio = Infinity
        worst = {
          index: i,
          actual: a,
          expected: e,
          error: Number.isNaN(a - e) ? NaN : Math.abs(a - e),
          allowed: 0,
        }
      }
      continue
    }
    const allowed = tol.rtol * Math.abs(e) + tol.atol * scale
    const error = Math.abs(a - e)
    if (error <= allowed) continue
    const ratio = allowed > 0 ? error / allowed : Infinity
    if (ratio > worstRatio || worst === undefined) {
      worstRatio = ratio
      worst = { index: i, actual: a, expected: e, error, allowed }
    }
  }
  return worst
}

/** The failure message: backend, op and case, the pass, the shape, and the largest error with its index. */
export function mismatchMessage(
  label: string,
  pass: string,
  shape: Shape,
  m: Mismatch,
  tol: Tolerance,
): string {
  return (
    `${label}: ${pass} (shape ${formatShape(shape)}) differs from PyTorch: largest error ${fmt(m.error)} at flat ` +
    `index ${m.index} (got ${fmt(m.actual)}, expected ${fmt(m.expected)}; allowed ${fmt(m.allowed)} from ` +
    `rtol ${tol.rtol}, atol ${tol.atol} x max|expected|)`
  )
}

function fmt(v: number): string {
  return Number.isFinite(v) && v !== 0 && (Math.abs(v) < 1e-4 || Math.abs(v) >= 1e6)
    ? v.toExponential(6)
    : String(v)
}
