/**
 * 2-D convolution and its two gradients, each an op of its own. The gradients of a convolution
 * are convolutions again (the input gradient is the transposed convolution, the weight gradient
 * correlates the input with the output gradient), and the three are bilinear, so each one's
 * backward is written with the other two: second derivatives, and higher, come for free.
 */
import { defineOp, matmulWithFlags, type OpFn, type Tensor, type TensorMeta } from '@othergrad/core'
import { checkFloat, checkSameDType, checkSpatialInput } from './checks'
import { formatSize, outSize, pair, type Pair, type WindowAttrs } from './geometry'
import { col2im, im2col } from './im2col'

const PACKAGE = '@othergrad/op-conv'

/** What a conv2d kernel receives: the window (kernel from the weight's shape) and the groups. */
export interface Conv2dAttrs extends WindowAttrs {
  readonly groups: number
}

/** The input gradient's attrs: the forward's, plus the input shape it restores. */
export interface Conv2dInputGradAttrs extends Conv2dAttrs {
  readonly inputShape: readonly number[]
}

/** The weight gradient's attrs: the forward's, plus the weight shape it restores. */
export interface Conv2dWeightGradAttrs extends Conv2dAttrs {
  readonly weightShape: readonly number[]
}

/** `conv2d`'s optional arguments, `torch.nn.functional.conv2d`'s in camelCase. */
export interface Conv2dOptions {
  /** Step of the window (default 1). */
  stride?: Pair
  /** Implicit zeros on both sides, or `'same'` (output as large as the input; stride 1) or `'valid'` (none). Default 0. */
  padding?: Pair | 'same' | 'valid'
  /** Spacing between kernel elements (default 1). */
  dilation?: Pair
  /** Input and output channels split into this many independent groups (default 1). */
  groups?: number
}

/** Only the window and groups, so attrs built from a gradient's carry nothing extra. */
function convAttrs(a: Conv2dAttrs): Conv2dAttrs {
  const { kernel, stride, padBefore, padAfter, dilation, groups } = a
  return { kernel, stride, padBefore, padAfter, dilation, groups }
}

export const conv2dOp: OpFn<Conv2dAttrs> = defineOp<Conv2dAttrs>({
  name: 'conv2d',
  package: PACKAGE,
  infer: ([x, w], attrs) => {
    const [oh, ow] = outSize(x.shape[2], x.shape[3], attrs)
    return { shape: [x.shape[0], w.shape[0], oh, ow], dtype: x.dtype }
  },
  // im2col, then one matmul per group: y[n, g] = w[g] @ cols[n, g].
  composite: ([x, w, b], attrs) => {
    const g = attrs.groups
    const [n, , h, wd] = x.shape
    const out = outSize(h, wd, attrs)
    const cols = im2col(x, attrs, out).reshape([n, g, -1, out[0] * out[1]])
    const y = w
      .reshape([1, g, w.shape[0] / g, -1])
      .matmul(cols)
      .reshape([n, w.shape[0], out[0], out[1]])
    return b === undefined ? y : y.add(b.reshape([1, -1, 1, 1]))
  },
  save: ([x, w]) => [x, w],
  backward: ({ saved: [x, w], needsInputGrad: needs, attrs }, dy) => [
    needs[0] ? conv2dInputGradOp([dy!, w], { ...convAttrs(attrs), inputShape: x.shape }) : null,
    needs[1] ? conv2dWeightGradOp([x, dy!], { ...convAttrs(attrs), weightShape: w.shape }) : null,
    // d y / d b[o] = 1 at every position of channel o
    ...(needs.length > 2 ? [needs[2] ? dy!.sum([0, 2, 3]) : null] : []),
  ],
})

/** dx of `y = conv2d(x, w)` from `dy`: the transposed convolution of `dy` by `w`. */
export const conv2dInputGradOp: OpFn<Conv2dInputGradAttrs> = defineOp<Conv2dInputGradAttrs>({
  name: 'conv2dInputGrad',
  package: PACKAGE,
  infer: ([dy], { inputShape }): TensorMeta => ({ shape: inputShape, dtype: dy.dtype }),
  // cols[n, g] = w[g]^T @ dy[n, g], then each column value back where im2col read it.
  composite: ([dy, w], attrs) => {
    const { groups: g, inputShape } = attrs
    const [n, , oh, ow] = dy.shape
    const weight = w.reshape([1, g, w.shape[0] / g, -1])
    const cols = matmulWithFlags(weight, dy.reshape([n, g, -1, oh * ow]), true, false)
    return col2im(cols.reshape([n, inputShape[1], -1]), inputShape, attrs, [oh, ow])
  },
  save: ([dy, w]) => [dy, w],
  // Bilinear in (dy, w): d/d dy is the forward convolution, d/dw the weight gradient of (G, dy).
  backward: ({ saved: [dy, w], needsInputGrad: needs, attrs }, gx) => [
    needs[0] ? conv2dOp([gx!, w], convAttrs(attrs)) : null,
    needs[1] ? conv2dWeightGradOp([gx!, dy], { ...convAttrs(attrs), weightShape: w.shape }) : null,
  ],
})

/** dw of `y = conv2d(x, w)` from `dy`: the correlation of `x` with `dy`, summed over the batch. */
export const conv2dWeightGradOp: OpFn<Conv2dWeightGradAttrs> = defineOp<Conv2dWeightGradAttrs>({
  name: 'conv2dWeightGrad',
  package: PACKAGE,
  infer: ([x], { weightShape }): TensorMeta => ({ shape: weightShape, dtype: x.dtype }),
  // dw[g] = Σ_n dy[n, g] @ cols[n, g]^T
  composite: ([x, dy], attrs) => {
    const { groups: g, weightShape } = attrs
    const n = x.shape[0]
    const [, , oh, ow] = dy.shape
    const cols = im2col(x, attrs, [oh, ow]).reshape([n, g, -1, oh * ow])
    const dyg = dy.reshape([n, g, -1, oh * ow])
    return matmulWithFlags(dyg, cols, false, true)
      .sum(0)
      .reshape([...weightShape])
  },
  save: ([x, dy]) => [x, dy],
  // Bilinear in (x, dy): d/dx is the input gradient of (dy, G), d/d dy the convolution of x by G.
  backward: ({ saved: [x, dy], needsInputGrad: needs, attrs }, gw) => [
    needs[0] ? conv2dInputGradOp([dy, gw!], { ...convAttrs(attrs), inputShape: x.shape }) : null,
    needs[1] ? conv2dOp([x, gw!], convAttrs(attrs)) : null,
  ],
})

/** The conv attrs of a call, checked as PyTorch checks them (`x` is 4-D here). */
export function conv2dAttrs(op: string, x: Tensor, w: Tensor, options: Conv2dOptions): Conv2dAttrs {
  const known = new Set(['stride', 'padding', 'dilation', 'groups'])
  for (const key of Object.keys(options)) {
    if (!known.has(key))
      throw new Error(
        `${op}: unknown option '${key}'; expected stride, padding, dilation or groups`,
      )
  }
  const groups = options.groups ?? 1
  if (!Number.isInteger(groups) || groups <= 0) {
    throw new Error(`${op}: non-positive groups is not supported (groups=${groups})`)
  }
  const stride = pair(op, 'stride', options.stride ?? 1, 1)
  const dilation = pair(op, 'dilation', options.dilation ?? 1, 1)
  const kernel: [number, number] = [w.shape[2], w.shape[3]]
  let padBefore: [number, number]
  let padAfter: [number, number]
  const padding = options.padding ?? 0
  if (padding === 'valid') {
    padBefore = padAfter = [0, 0]
  } else if (padding === 'same') {
    if (stride[0] !== 1 || stride[1] !== 1) {
      throw new Error(`${op}: padding='same' is not supported for strided convolutions`)
    }
    // PyTorch puts the odd zero of an even total after the input.
    const total = [dilation[0] * (kernel[0] - 1), dilation[1] * (kernel[1] - 1)]
    padBefore = [Math.floor(total[0] / 2), Math.floor(total[1] / 2)]
    padAfter = [total[0] - padBefore[0], total[1] - padBefore[1]]
  } else if (typeof padding === 'string') {
    throw new Error(
      `${op}: Invalid padding string '${padding}', should be one of ['valid', 'same']`,
    )
  } else {
    padBefore = padAfter = pair(op, 'padding', padding, 0)
  }
  const attrs = { kernel, stride, padBefore, padAfter, dilation, groups }
  const [, c, h, wd] = x.shape
  const [o, cg] = w.shape
  if (o % groups !== 0) {
    throw new Error(
      `${op}: Given groups=${groups}, expected weight to be divisible by ${groups} at dimension 0, but got weight of size ${formatSize(w.shape)} instead`,
    )
  }
  if (cg * groups !== c) {
    throw new Error(
      `${op}: Given groups=${groups}, weight of size ${formatSize(w.shape)}, expected input${formatSize(x.shape)} to have ${cg * groups} channels, but got ${c} channels instead`,
    )
  }
  const ph = h + padBefore[0] + padAfter[0]
  const pw = wd + padBefore[1] + padAfter[1]
  if (ph < dilation[0] * (kernel[0] - 1) + 1 || pw < dilation[1] * (kernel[1] - 1) + 1) {
    throw new Error(
      `${op}: Calculated padded input size per channel: (${ph} x ${pw}). Kernel size: (${dilation[0] * (kernel[0] - 1) + 1} x ${dilation[1] * (kernel[1] - 1) + 1}). Kernel size can't be greater than actual input size`,
    )
  }
  return attrs
}

/**
 * 2-D convolution (cross-correlation, as in deep learning) over `[N, C, H, W]` or `[C, H, W]`
 * input with a `[O, C / groups, KH, KW]` weight and optional `[O]` bias, like `F.conv2d`.
 *
 * @example
 * conv2d(x, w, b, { stride: 2, padding: 1 }) // F.conv2d(x, w, b, stride=2, padding=1)
 */
export function conv2d(
  input: Tensor,
  weight: Tensor,
  bias: Tensor | null = null,
  options: Conv2dOptions = {},
): Tensor {
  const op = 'conv2d'
  checkFloat(op, 'input', input)
  checkFloat(op, 'weight', weight)
  if (bias !== null) checkFloat(op, 'bias', bias)
  checkSpatialInput(op, input)
  if (weight.ndim !== 4) {
    throw new Error(
      `${op}: expected a 4-D weight [out_channels, in_channels / groups, kH, kW], got size ${formatSize(weight.shape)}`,
    )
  }
  checkSameDType(op, input, [
    ['weight', weight],
    ['bias', bias],
  ])
  if (bias !== null && (bias.ndim !== 1 || bias.shape[0] !== weight.shape[0])) {
    throw new Error(
      `${op}: Given weight of size ${formatSize(weight.shape)}, expected bias to be 1-dimensional with ${weight.shape[0]} elements, but got bias of size ${formatSize(bias.shape)} instead`,
    )
  }
  const unbatched = input.ndim === 3
  const x = unbatched ? input.unsqueeze(0) : input
  const attrs = conv2dAttrs(op, x, weight, options)
  const y = conv2dOp(bias === null ? [x, weight] : [x, weight, bias], attrs)
  return unbatched ? y.squeeze(0) : y
}
