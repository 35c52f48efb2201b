import { defineOp, scatterAdd, zeros, type Tensor } from '@othergrad/core'
import { checkFloat, checkSpatialInput } from './checks'
import { outSize, type Pair } from './geometry'
import { im2col, windowIndex } from './im2col'
import { poolAttrs, type PoolAttrs } from './pool'

/** `maxPool2d`'s optional arguments, `torch.nn.functional.max_pool2d`'s in camelCase. */
export interface MaxPool2dOptions {
  /** Step of the window (default: the kernel size). */
  stride?: Pair | null
  /** Implicit -inf on both sides, at most half the kernel (default 0). */
  padding?: Pair
  /** Spacing between window elements (default 1). */
  dilation?: Pair
  /** Round output sizes up (default false). */
  ceilMode?: boolean
  /** Also return, for each output, the flat index `h * W + w` of its maximum in the input plane. */
  returnIndices?: boolean
}

/** Values and the int32 index of each maximum within its `H × W` input plane. */
export const maxPool2dOp = defineOp<PoolAttrs, Tensor[]>({
  name: 'maxPool2d',
  package: '@othergrad/op-conv',
  infer: ([x], attrs) => {
    const [n, c, h, w] = x.shape
    const [oh, ow] = outSize(h, w, attrs, attrs.ceilMode)
    return [
      { shape: [n, c, oh, ow], dtype: x.dtype },
      { shape: [n, c, oh, ow], dtype: 'int32' },
    ]
  },
  // Every window's values (padding reads -inf), the first maximum of each, and where it came from.
  composite: ([x], attrs) => {
    const [n, c, h, w] = x.shape
    const out = outSize(h, w, attrs, attrs.ceilMode)
    const kk = attrs.kernel[0] * attrs.kernel[1]
    const cols = im2col(x, attrs, out, -Infinity).reshape([n, c, kk, -1])
    const { values, indices } = cols.max(2)
    const table = windowIndex(x.backend.name, h, w, attrs, out).reshape([1, 1, kk, -1])
    const where = table.expand([n, c, kk, out[0] * out[1]]).gather(2, indices.unsqueeze(2))
    return [values.reshape([n, c, ...out]), where.reshape([n, c, ...out])]
  },
  save: (_, [, indices]) => [indices],
  // Each output's gradient goes to the input element that was its maximum (scatterAdd's own
  // gradient is a gather, so second derivatives follow).
  backward: ({ saved: [indices], inputShapes: [shape] }, dy) => {
    const [n, c, h, w] = shape
    const base = zeros([n, c, h * w], { dtype: dy!.dtype, backend: dy!.backend.name })
    const dx = scatterAdd(base, 2, indices.reshape([n, c, -1]), dy!.reshape([n, c, -1]))
    return [dx.reshape([n, c, h, w])]
  },
})

/**
 * 2-D max pooling over `[N, C, H, W]` or `[C, H, W]` input, like `F.max_pool2d`; with
 * `returnIndices` it returns `[output, indices]`, the indices flat within each `H × W` plane.
 *
 * @example
 * maxPool2d(x, 2) // F.max_pool2d(x, 2)
 * const [y, idx] = maxPool2d(x, 3, { stride: 2, padding: 1, returnIndices: true })
 */
export function maxPool2d(
  input: Tensor,
  kernelSize: Pair,
  options?: MaxPool2dOptions & { returnIndices?: false },
): Tensor
export function maxPool2d(
  input: Tensor,
  kernelSize: Pair,
  options: MaxPool2dOptions & { returnIndices: true },
): [Tensor, Tensor]
export function maxPool2d(
  input: Tensor,
  kernelSize: Pair,
  options: MaxPool2dOptions = {},
): Tensor | [Tensor, Tensor] {
  const op = 'maxPool2d'
  checkFloat(op, 'input', input)
  checkSpatialInput(op, input)
  const known = new Set(['stride', 'padding', 'dilation', 'ceilMode', 'returnIndices'])
  for (const key of Object.keys(options)) {
    if (!known.has(key)) {
      throw new Error(
        `${op}: unknown option '${key}'; expected stride, padding, dilation, ceilMode or returnIndices`,
      )
    }
  }
  const attrs = poolAttrs(
    op,
    input.shape,
    kernelSize,
    options.stride,
    options.padding ?? 0,
    options.dilation ?? 1,
    options.ceilMode ?? false,
  )
  const unbatched = input.ndim === 3
  const [y, indices] = maxPool2dOp([unbatched ? input.unsqueeze(0) : input], attrs)
  const result: [Tensor, Tensor] = unbatched ? [y.squeeze(0), indices.squeeze(0)] : [y, indices]
  return options.returnIndices ? result : result[0]
}
