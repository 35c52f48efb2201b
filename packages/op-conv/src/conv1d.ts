import type { Tensor } from '@othergrad/core'
import { checkFloat, checkSameDType } from './checks'
import { conv2dAttrs, conv2dOp } from './conv2d'
import { formatSize } from './geometry'

/** `conv1d`'s optional arguments, `torch.nn.functional.conv1d`'s in camelCase. */
export interface Conv1dOptions {
  /** Step of the window (default 1). */
  stride?: number
  /** Implicit zeros on both sides, or `'same'` / `'valid'` (default 0). */
  padding?: number | 'same' | 'valid'
  /** Spacing between kernel elements (default 1). */
  dilation?: number
  /** Channel groups (default 1). */
  groups?: number
}

function single(op: string, name: string, value: unknown): number {
  if (!Number.isInteger(value)) {
    throw new Error(`${op}: ${name} must be an int, got ${JSON.stringify(value)}`)
  }
  return value as number
}

/**
 * 1-D convolution over `[N, C, L]` or `[C, L]` input with a `[O, C / groups, K]` weight, like
 * `F.conv1d`: a conv2d over a height of 1, so it shares conv2d's kernels and gradients.
 *
 * @example
 * conv1d(x, w, b, { padding: 'same' }) // F.conv1d(x, w, b, padding='same')
 */
export function conv1d(
  input: Tensor,
  weight: Tensor,
  bias: Tensor | null = null,
  options: Conv1dOptions = {},
): Tensor {
  const op = 'conv1d'
  checkFloat(op, 'input', input)
  checkFloat(op, 'weight', weight)
  if (bias !== null) checkFloat(op, 'bias', bias)
  if (input.ndim !== 2 && input.ndim !== 3) {
    throw new Error(
      `${op}: Expected 2D (unbatched) or 3D (batched) input, but got input of size: ${formatSize(input.shape)}`,
    )
  }
  if (weight.ndim !== 3) {
    throw new Error(
      `${op}: expected a 3-D weight [out_channels, in_channels / groups, kW], got size ${formatSize(weight.shape)}`,
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
  const known = new Set(['stride', 'padding', 'dilation', 'groups'])
  for (const key of Object.keys(options)) {
    if (!known.has(key))
      throw new Error(
        `${op}: unknown option '${key}'; expected stride, padding, dilation or groups`,
      )
  }
  const padding = options.padding ?? 0
  const unbatched = input.ndim === 2
  const x = (unbatched ? input.unsqueeze(0) : input).unsqueeze(2)
  const w = weight.unsqueeze(2)
  const attrs = conv2dAttrs(op, x, w, {
    stride: [1, single(op, 'stride', options.stride ?? 1)],
    padding: typeof padding === 'string' ? padding : [0, single(op, 'padding', padding)],
    dilation: [1, single(op, 'dilation', options.dilation ?? 1)],
    groups: options.groups ?? 1,
  })
  const y = conv2dOp(bias === null ? [x, w] : [x, w, bias], attrs).squeeze(2)
  return unbatched ? y.squeeze(0) : y
}
