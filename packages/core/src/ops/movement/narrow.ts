import { check, normalizeDim } from '../../check'
import { defineOp, type OpFn } from '../../op'
import { formatShape } from '../../shape'
import type { Tensor } from '../../tensor'
import { checkTensor } from '../util'

interface SliceAttrs {
  begin: number[]
  size: number[]
}

const sliceOp: OpFn<SliceAttrs> = defineOp<SliceAttrs>({
  name: 'narrow',
  infer: ([x], { size }) => ({ shape: size, dtype: x.dtype }),
  // Adjoint of slicing: dy zero-padded back into the input's extent.
  backward: ({ attrs: { begin, size }, inputShapes }, dy) => [
    padOp([dy!], { before: begin, after: inputShapes[0].map((d, i) => d - begin[i] - size[i]) }),
  ],
})

interface PadAttrs {
  before: number[]
  after: number[]
}

const padOp: OpFn<PadAttrs> = defineOp<PadAttrs>({
  name: 'pad',
  infer: ([x], { before, after }) => ({
    shape: x.shape.map((d, i) => d + before[i] + after[i]),
    dtype: x.dtype,
  }),
  // Adjoint of zero-padding: the slice that was padded.
  backward: ({ attrs: { before }, inputShapes }, dy) => [
    sliceOp([dy!], { begin: before, size: [...inputShapes[0]] }),
  ],
})

/** `x` zero-padded by `before[i]` and `after[i]` elements around dim `i` (inputs already checked). */
export function padTrusted(x: Tensor, before: number[], after: number[]): Tensor {
  return padOp([x], { before, after })
}

/**
 * Elements `start .. start + length - 1` along `dim`, like `torch.narrow` (a copy in othergrad).
 */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  checkTensor('narrow', 'input', x)
  check(x.ndim > 0, 'narrow', () => 'narrow() cannot be applied to a 0-dim tensor')
  const axis = normalizeDim('narrow', dim, x.ndim, x.shape)
  const extent = x.shape[axis]
  const s = start < 0 ? start + extent : start
  check(
    Number.isInteger(s) &&
      s >= 0 &&
      s <= extent &&
      Number.isInteger(length) &&
      length >= 0 &&
      s + length <= extent,
    'narrow',
    () =>
      `start (${start}) + length (${length}) exceeds dimension size (${extent}) of dim ${axis} (shape ${formatShape(x.shape)})`,
  )
  const begin = x.shape.map((_, i) => (i === axis ? s : 0))
  const size = x.shape.map((d, i) => (i === axis ? length : d))
  return sliceOp([x], { begin, size })
}

/** Python slicing `x[start:end]` along `dim`: negative and out-of-range bounds clamp, like `x[:, -3:]`. */
export function slice(x: Tensor, dim: number, start = 0, end?: number): Tensor {
  checkTensor('slice', 'input', x)
  const axis = normalizeDim('slice', dim, x.ndim, x.shape)
  const n = x.shape[axis]
  const clampIndex = (i: number) => Math.min(Math.max(i < 0 ? i + n : i, 0), n)
  const s = clampIndex(start)
  const e = Math.max(clampIndex(end ?? n), s)
  return narrow(x, axis, s, e - s)
}

/** The slice at `index` along `dim`, with that dim removed, like `x.select(dim, index)`. */
export function select(x: Tensor, dim: number, index: number): Tensor {
  checkTensor('select', 'input', x)
  const axis = normalizeDim('select', dim, x.ndim, x.shape)
  const n = x.shape[axis]
  check(
    Number.isInteger(index) && index >= -n && index < n,
    'select',
    () =>
      `index ${index} out of range for tensor of size ${formatShape(x.shape)} at dimension ${axis}`,
  )
  return narrow(x, axis, index < 0 ? index + n : index, 1).squeeze(axis)
}

const cloneOp = defineOp<null>({
  name: 'clone',
  backward: (_, dy) => [dy],
})

/** A copy with its own storage, still connected to the graph, like `torch.clone`. */
export function clone(x: Tensor): Tensor {
  checkTensor('clone', 'input', x)
  return cloneOp([x], null)
}
