import { check, normalizeDim } from '../../check'
import { defineOp, type OpFn } from '../../op'
import { formatShape, stridesOf } from '../../shape'
import { Tensor } from '../../tensor'
import { checkTensor } from '../util'
import { viewScatter } from './asStrided'

interface UnfoldAttrs {
  axis: number
  size: number
  step: number
}

function windows(extent: number, { size, step }: UnfoldAttrs): number {
  return Math.floor((extent - size) / step) + 1
}

const unfoldOp: OpFn<UnfoldAttrs> = defineOp<UnfoldAttrs>({
  name: 'unfold',
  composite: ([x], attrs) => {
    const { axis, size, step } = attrs
    const shape =
      x.ndim === 0 ? [size] : x.shape.map((d, i) => (i === axis ? windows(d, attrs) : d))
    const strides = x.ndim === 0 ? [1] : x.strides.map((s, i) => (i === axis ? s * step : s))
    return Tensor.asView(
      x,
      x.ndim === 0 ? shape : [...shape, size],
      x.ndim === 0 ? strides : [...strides, x.strides[axis]],
    )
  },
  // Windows may overlap (step < size): element k of every window goes back through its own
  // non-overlapping view, and the pieces add up.
  backward: ({ attrs, inputShapes }, dy) => {
    const shape = inputShapes[0]
    if (shape.length === 0) return [dy!.reshape([])]
    const { axis, step, size } = attrs
    const strides = stridesOf(shape)
    const windowShape = shape.map((d, i) => (i === axis ? windows(d, attrs) : d))
    const windowStrides = strides.map((s, i) => (i === axis ? s * step : s))
    let grad: Tensor | undefined
    for (let k = 0; k < size; k++) {
      const part = viewScatter(dy!.select(-1, k), shape, {
        shape: windowShape,
        strides: windowStrides,
        offset: k * strides[axis],
      })
      grad = grad === undefined ? part : grad.add(part)
    }
    return [grad!]
  },
})

/**
 * Every window of `size` elements along `dim`, `step` apart, as a new last dim, like
 * `Tensor.unfold`: a view sharing storage (windows overlap when `step < size`).
 *
 * @example
 * arange(0, 7).unfold(0, 2, 1) // [[0, 1], [1, 2], ..., [5, 6]]
 */
export function unfold(x: Tensor, dim: number, size: number, step: number): Tensor {
  checkTensor('unfold', 'input', x)
  const axis = normalizeDim('unfold', dim, x.ndim, x.shape)
  const extent = x.ndim === 0 ? 1 : x.shape[axis]
  check(
    Number.isInteger(size) && size >= 0 && size <= extent,
    'unfold',
    () =>
      `maximum size for tensor at dimension ${axis} is ${extent} but size is ${size} (shape ${formatShape(x.shape)})`,
  )
  check(Number.isInteger(step) && step > 0, 'unfold', () => `step is ${step} but must be > 0`)
  return unfoldOp([x], { axis, size, step })
}
