/**
 * Window geometry shared by convolution and pooling: PyTorch's argument forms (an int or a pair,
 * `'same'` / `'valid'` padding) turned into one attrs shape, output sizes, and the gather table
 * that lists, for every window position, the input element it reads.
 */

/** An int for both spatial dims, or `[height, width]`, as PyTorch's `_pair` accepts. */
export type Pair = number | readonly [number, number]

/** How a window slides over an `[N, C, H, W]` input. */
export interface WindowAttrs {
  /** Kernel extent `[kh, kw]` (before dilation). */
  readonly kernel: readonly [number, number]
  readonly stride: readonly [number, number]
  /** Zeros (or -inf, for max pooling) added before each spatial dim: `[top, left]`. */
  readonly padBefore: readonly [number, number]
  /** ... and after it: `[bottom, right]` (differs from `padBefore` for `'same'` with an even extent). */
  readonly padAfter: readonly [number, number]
  readonly dilation: readonly [number, number]
}

export function formatSize(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`
}

/** `value` as a pair of integers ≥ `min`, or an error naming the op and argument. */
export function pair(op: string, name: string, value: Pair, min: number): [number, number] {
  const p: [number, number] =
    typeof value === 'number' ? [value, value] : [value?.[0] as number, value?.[1] as number]
  if (typeof value !== 'number' && (!Array.isArray(value) || value.length !== 2)) {
    throw new Error(`${op}: ${name} must be an int or a pair of ints, got ${JSON.stringify(value)}`)
  }
  for (const v of p) {
    if (!Number.isInteger(v)) {
      throw new Error(
        `${op}: ${name} must be an int or a pair of ints, got ${JSON.stringify(value)}`,
      )
    }
    if (v < min) {
      const what =
        name === 'padding'
          ? 'negative padding is not supported'
          : name === 'stride'
            ? 'non-positive stride is not supported'
            : `${name} should be greater than zero`
      throw new Error(`${op}: ${what} (${name}=${JSON.stringify(value)})`)
    }
  }
  return p
}

/** Output length of one spatial dim (PyTorch's formula, floor or ceil mode). */
export function outLength(
  size: number,
  kernel: number,
  stride: number,
  before: number,
  after: number,
  dilation: number,
  ceilMode = false,
): number {
  const span = size + before + after - dilation * (kernel - 1) - 1
  if (!ceilMode) return Math.floor(span / stride) + 1
  let out = Math.ceil(span / stride) + 1
  // The last window must start inside the input or the left padding (PyTorch's rule).
  if ((out - 1) * stride >= size + before) out--
  return out
}

/** `[OH, OW]` for `attrs` over an input of spatial size `[h, w]`. */
export function outSize(
  h: number,
  w: number,
  attrs: WindowAttrs,
  ceilMode = false,
): [number, number] {
  const { kernel: k, stride: s, padBefore: b, padAfter: a, dilation: d } = attrs
  return [
    outLength(h, k[0], s[0], b[0], a[0], d[0], ceilMode),
    outLength(w, k[1], s[1], b[1], a[1], d[1], ceilMode),
  ]
}

/**
 * For window position `(kh, kw)` and output `(oh, ow)`, the flat input index `h * W + w` it reads,
 * or `H * W` (one past the end: the padding slot) where it falls outside the input. Laid out as
 * `[kh * KW + kw][oh * OW + ow]`, so `x.reshape(N, C, H*W + 1).indexSelect(2, table)` is im2col.
 */
export function windowTable(
  h: number,
  w: number,
  attrs: WindowAttrs,
  out: readonly [number, number],
): Int32Array {
  const [kh, kw] = attrs.kernel
  const [sh, sw] = attrs.stride
  const [ph, pw] = attrs.padBefore
  const [dh, dw] = attrs.dilation
  const [oh, ow] = out
  const table = new Int32Array(kh * kw * oh * ow)
  const pad = h * w
  let n = 0
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      for (let y = 0; y < oh; y++) {
        const row = y * sh - ph + i * dh
        for (let x = 0; x < ow; x++) {
          const col = x * sw - pw + j * dw
          table[n++] = row >= 0 && row < h && col >= 0 && col < w ? row * w + col : pad
        }
      }
    }
  }
  return table
}
