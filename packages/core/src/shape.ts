/** Shape helpers: one formatter for every message, broadcasting, dims, strides. */
export type Shape = readonly number[]

/** `[64, 784]` → `64x784`; a 0-d shape prints as `[]`. */
export function formatShape(shape: Shape): string {
  return shape.length === 0 ? '[]' : shape.join('x')
}

/** The number of elements of a shape (1 for `[]`). */
export function numel(shape: Shape): number {
  let n = 1
  for (let i = 0; i < shape.length; i++) n *= shape[i]
  return n
}

/** Whether two shapes are the same. */
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
