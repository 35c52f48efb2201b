import { check, normalizeDim } from '../../check'
import { defineOp, type OpFn } from '../../op'
import { formatShape, stridesOf } from '../../shape'
import { Tensor } from '../../tensor'
import { checkTensor } from '../util'
import { viewScatter } from './asStrided'

interface SliceAttrs {
  begin: number[]
  size: number[]
  /** Steps between taken elements per dim (1 for narrow). */
  step: number[]
}

const sliceOp: OpFn<SliceAttrs> = defineOp<SliceAttrs>({
  name: 'narrow',
  // A view: the block starts `begin` elements in and strides `step` times further.
  composite: ([x], { begin, size, step }) => {
    let offset = x.offset
    for (let d = 0; d < x.ndim; d++) offset += begin[d] * x.strides[d]
    return Tensor.asView(
      x,
      size,
      x.strides.map((s, d) => s * step[d]),
      offset,
    )
  },
  // Adjoint of slicing: dy zero-padded back into the input's extent, or, with steps, written
  // at the positions it was read from in zeros of the input's shape.
  backward: ({ attrs: { begin, size, step }, inputShapes }, dy) => {
    const shape = inputShapes[0]
    if (step.every((s) => s === 1))
      return [padOp([dy!], { before: begin, after: shape.map((d, i) => d - begin[i] - size[i]) })]
    const strides = stridesOf(shape)
    let offset = 0
    for (let d = 0; d < shape.length; d++) offset += begin[d] * strides[d]
    return [
      viewScatter(dy!, shape, { shape: size, strides: strides.map((s, d) => s * step[d]), offset }),
    ]
  },
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
    sliceOp([dy!], { begin: before, size: [...inputShapes[0]], step: before.map(() => 1) }),
  ],
})

/** `x` zero-padded by `before[i]` and `after[i]` elements around dim `i` (inputs already checked). */
export function padTrusted(x: Tensor, before: number[], after: number[]): Tensor {
  return padOp([x], { before, after })
}

/**
 * Elements `start .. start + length - 1` along `dim`, like `torch.narrow`: a view sharing storage.
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
  return sliceAlong(x, axis, s, length, 1)
}

function sliceAlong(x: Tensor, axis: number, start: number, length: number, step: number): Tensor {
  const begin = x.shape.map((_, i) => (i === axis ? start : 0))
  const size = x.shape.map((d, i) => (i === axis ? length : d))
  return sliceOp([x], { begin, size, step: x.shape.map((_, i) => (i === axis ? step : 1)) })
}

/**
 * Python slicing `x[start:end:step]` along `dim`: negative and out-of-range bounds clamp, like
 * `x[:, -3:]` or `x[::2]`; a view sharing storage. `step` is positive, as in PyTorch.
 */
export function slice(x: Tensor, dim: number, start = 0, end?: number, step = 1): Tensor {
  checkTensor('slice', 'input', x)
  const axis = normalizeDim('slice', dim, x.ndim, x.shape)
  check(
    Number.isInteger(step) && step > 0,
    'slice',
    () => `slice step must be a positive integer, got ${step}`,
  )
  const n = x.shape[axis]
  const clampIndex = (i: number) => Math.min(Math.max(i < 0 ? i + n : i, 0), n)
  const s = clampIndex(start)
  const e = Math.max(clampIndex(end ?? n), s)
  if (step === 1) return narrow(x, axis, s, e - s)
  return sliceAlong(x, axis, s, Math.ceil((e - s) / step), step)
}

/** The slice at `index` along `dim`, with that dim removed, like `x.select(dim, index)`; a view. */
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

// The backend's `clone` kernel reads strides, so a view is copied once.
const cloneOp = defineOp<null>({
  name: 'clone',
  backward: (_, dy) => [dy],
})

/** A copy with its own storage, still connected to the graph, like `torch.clone`. */
export function clone(x: Tensor): Tensor {
  checkTensor('clone', 'input', x)
  return cloneOp([x], null)
}
