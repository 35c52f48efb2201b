/** Shape helpers: one formatter for every message, broadcasting, dims, strides. */
export type Shape = readonly number[]

/** `[64, 784]` → `64x784`; a 0-d shape prints as `[]`. */
export function formatShape(shape: Shape): string {
  return shape.length === 0 ? '[]' : shape.join('x')
}

export function numel(shape: Shape): number {
  let n = 1
  for (let i = 0; i < shape.length; i++) n *= shape[i]
  return n
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** Row-major strides of a contiguous tensor. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length)
  let s = 1
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s
    s *= shape[i]
  }
  return strides
}

/** Whether `strides` walk `shape` row-major with no gaps (size-1 dims may have any stride). */
export function isRowMajor(shape: Shape, strides: readonly number[]): boolean {
  let expected = 1
  for (let i = shape.length - 1; i >= 0; i--) {
    const size = shape[i]
    if (size === 0) return true
    if (size !== 1 && strides[i] !== expected) return false
    expected *= size
  }
  return true
}

/**
 * Strides that read a tensor of `shape` and `strides` as `newShape` without copying, or
 * undefined when no such view exists (PyTorch's `computeStride`, behind `view`/`reshape`).
 */
export function viewStrides(
  shape: Shape,
  strides: readonly number[],
  newShape: Shape,
): number[] | undefined {
  if (shape.length === 0 || numel(shape) === 0) return stridesOf(newShape)
  const out = new Array<number>(newShape.length)
  let viewD = newShape.length - 1
  // Runs of dims that are contiguous among themselves ("chunks") can be regrouped freely.
  let chunkBase = strides[shape.length - 1]
  let tensorNumel = 1
  let viewNumel = 1
  for (let d = shape.length - 1; d >= 0; d--) {
    tensorNumel *= shape[d]
    const chunkEnds = d === 0 || (shape[d - 1] !== 1 && strides[d - 1] !== tensorNumel * chunkBase)
    if (!chunkEnds) continue
    while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] === 1)) {
      out[viewD] = viewNumel * chunkBase
      viewNumel *= newShape[viewD]
      viewD--
    }
    if (viewNumel !== tensorNumel) return undefined
    if (d > 0) {
      chunkBase = strides[d - 1]
      tensorNumel = 1
      viewNumel = 1
    }
  }
  return viewD === -1 ? out : undefined
}

/** NumPy broadcasting of two shapes, or undefined when they do not broadcast. */
export function tryBroadcastShapes(a: Shape, b: Shape): number[] | undefined {
  const n = Math.max(a.length, b.length)
  const out = new Array<number>(n)
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)]
    const db = i < n - b.length ? 1 : b[i - (n - b.length)]
    if (da === db || db === 1) out[i] = da
    else if (da === 1) out[i] = db
    else return undefined
  }
  return out
}
