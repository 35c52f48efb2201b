/**
 * User-input checks, run before dispatch so kernels and backward can trust their inputs.
 * Messages follow `<op>: <what is wrong> (<values>)`, built only in the failing branch.
 */
import type { DType } from './dtype'
import type { Tensor } from './tensor'
import { formatShape, tryBroadcastShapes, type Shape } from './shape'

export function fail(op: string, message: string): never {
  throw new Error(`${op}: ${message}`)
}

export function check(condition: boolean, op: string, message: () => string): asserts condition {
  if (!condition) fail(op, message())
}

/** Normalises a possibly negative dim, or throws PyTorch's out-of-range message. */
export function normalizeDim(op: string, dim: number, ndim: number, shape?: Shape): number {
  const rank = Math.max(ndim, 1)
  if (!Number.isInteger(dim) || dim < -rank || dim >= rank) {
    const where = shape ? ` (shape ${formatShape(shape)})` : ''
    fail(op, `dim ${dim} is out of range for a tensor with ${ndim} dims${where}`)
  }
  return dim < 0 ? dim + rank : dim
}

export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const out = tryBroadcastShapes(a, b)
  if (out === undefined) {
    fail(
      op,
      `shapes ${formatShape(a)} and ${formatShape(b)} cannot be broadcast together ` +
        `(sizes must match or be 1 in each trailing dim)`,
    )
  }
  return out
}

export function checkFloating(op: string, dtype: DType, what = 'input'): void {
  if (dtype !== 'float32' && dtype !== 'float64') {
    fail(op, `expected a floating point ${what}, got ${dtype}`)
  }
}

export function checkShapeArg(op: string, shape: readonly number[]): void {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      fail(op, `shape dims must be non-negative integers, got [${shape.join(', ')}]`)
    }
  }
}

/**
 * Checks that every int32 index lies in `[0, size)` (or equals `ignore`), on backends that read
 * synchronously; GPU backends skip the check rather than stall their queue. Returns whether
 * `ignore` occurs, or undefined when the values were not read.
 */
export function checkIndexRange(
  op: string,
  index: Tensor,
  size: number,
  dim: number,
  ignore?: number,
): boolean | undefined {
  const backend = index.backend
  if (!backend.readSync) return undefined
  // dataSync reads a view through its strides (the raw storage may be shorter or shared).
  const values = index.dataSync()
  let ignored = false
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (v === ignore) ignored = true
    else if (v < 0 || v >= size) {
      fail(
        op,
        ignore === undefined
          ? `index ${v} is out of bounds for dimension ${dim} with size ${size}`
          : `target ${v} is out of bounds (expected a class index in [0, ${size}) or ignoreIndex ${ignore})`,
      )
    }
  }
  return ignored
}
