/**
 * Forward and gradient tolerances, per dtype, set once here and never loosened per case.
 *
 * A value passes when `|got - expected| <= rtol * |expected| + atol * max|expected|`, where the
 * max runs over the finite values of the whole expected tensor: a relative bound, plus an
 * absolute term scaled to the tensor so an element that cancels to nearly zero is judged against
 * the magnitudes it was computed from. Non-finite values must match exactly (NaN matches NaN).
 * Integer and bool results must match exactly.
 *
 * tooling/fixtures/generate.py mirrors these numbers: it runs every case in float32 PyTorch and
 * refuses to write a case float32 arithmetic cannot meet.
 */

export type FloatDType = 'float32' | 'float64'

/** An element passes when `|got - expected| <= rtol * |expected| + atol * max|expected|`. */
export interface Tolerance {
  rtol: number
  atol: number
}

/** One dtype's tolerances, for outputs and for gradients. */
export interface DTypeTolerances {
  /** Outputs of the op. */
  forward: Tolerance
  /** Gradients (first and second order): longer chains of rounding than the forward pass. */
  grad: Tolerance
}

/** The tolerances of every case, per dtype; never loosened per case. */
export const TOLERANCES: Readonly<Record<FloatDType, DTypeTolerances>> = {
  float32: { forward: { rtol: 1e-5, atol: 1e-6 }, grad: { rtol: 1e-4, atol: 1e-5 } },
  float64: { forward: { rtol: 1e-10, atol: 1e-12 }, grad: { rtol: 1e-10, atol: 1e-12 } },
}

/** Exact comparison, for int32 and bool results. */
export const EXACT: Tolerance = { rtol: 0, atol: 0 }
