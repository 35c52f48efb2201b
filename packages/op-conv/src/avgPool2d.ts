import { tensor, type Tensor } from '@othergrad/core'
import { checkFloat, checkSpatialInput } from './checks'
import { outSize, type Pair } from './geometry'
import { im2col } from './im2col'
import { poolAttrs, type PoolAttrs } from './pool'

/** `avgPool2d`'s optional arguments, `torch.nn.functional.avg_pool2d`'s in camelCase. */
export interface AvgPool2dOptions {
  /** Step of the window (default: the kernel size). */
  stride?: Pair | null
  /** Implicit zeros on both sides, at most half the kernel (default 0). */
  padding?: Pair
  /** Round output sizes up (default false). */
  ceilMode?: boolean
  /** Count the padding zeros in each window's divisor (default true). */
  countIncludePad?: boolean
  /** Divide every window by this instead. */
  divisorOverride?: number | null
}

/** `1 / divisor` of every output position, with PyTorch's rule for windows at the borders. */
function reciprocalDivisors(
  h: number,
  w: number,
  attrs: PoolAttrs,
  out: readonly [number, number],
  countIncludePad: boolean,
  divisorOverride: number | null,
): Float64Array {
  const [kh, kw] = attrs.kernel
  const [sh, sw] = attrs.stride
  const [ph, pw] = attrs.padBefore
  const r = new Float64Array(out[0] * out[1])
  for (let y = 0; y < out[0]; y++) {
    for (let x = 0; x < out[1]; x++) {
      let h0 = y * sh - ph
      let w0 = x * sw - pw
      let h1 = Math.min(h0 + kh, h + ph)
      let w1 = Math.min(w0 + kw, w + pw)
      const poolSize = (h1 - h0) * (w1 - w0)
      h0 = Math.max(h0, 0)
      w0 = Math.max(w0, 0)
      h1 = Math.min(h1, h)
      w1 = Math.min(w1, w)
      const divisor = divisorOverride ?? (countIncludePad ? poolSize : (h1 - h0) * (w1 - w0))
      r[y * out[1] + x] = 1 / divisor
    }
  }
  return r
}

/**
 * 2-D average pooling over `[N, C, H, W]` or `[C, H, W]` input, like `F.avg_pool2d`. Written
 * with ops (im2col, sum, a per-position divisor), so its gradients of every order come from them.
 *
 * @example
 * avgPool2d(x, 3, { stride: 2, padding: 1, countIncludePad: false })
 */
export function avgPool2d(input: Tensor, kernelSize: Pair, options: AvgPool2dOptions = {}): Tensor {
  const op = 'avgPool2d'
  checkFloat(op, 'input', input)
  checkSpatialInput(op, input)
  const known = new Set(['stride', 'padding', 'ceilMode', 'countIncludePad', 'divisorOverride'])
  for (const key of Object.keys(options)) {
    if (!known.has(key)) {
      throw new Error(
        `${op}: unknown option '${key}'; expected stride, padding, ceilMode, countIncludePad or divisorOverride`,
      )
    }
  }
  const divisorOverride = options.divisorOverride ?? null
  if (divisorOverride !== null && !(Number.isInteger(divisorOverride) && divisorOverride !== 0)) {
    throw new Error(`${op}: divisor must be not zero (divisor_override=${divisorOverride})`)
  }
  const ceilMode = options.ceilMode ?? false
  const attrs = poolAttrs(
    op,
    input.shape,
    kernelSize,
    options.stride,
    options.padding ?? 0,
    1,
    ceilMode,
  )
  const x = input.ndim === 3 ? input.unsqueeze(0) : input
  const [n, c, h, w] = x.shape
  const out = outSize(h, w, attrs, ceilMode)
  const kk = attrs.kernel[0] * attrs.kernel[1]
  const scale = tensor(
    reciprocalDivisors(h, w, attrs, out, options.countIncludePad ?? true, divisorOverride),
    { dtype: x.dtype, backend: x.backend.name },
  )
  const y = im2col(x, attrs, out)
    .reshape([n, c, kk, -1])
    .sum(2)
    .mul(scale)
    .reshape([n, c, ...out])
  return input.ndim === 3 ? y.squeeze(0) : y
}
