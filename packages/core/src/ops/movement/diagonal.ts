import { check, normalizeDim } from '../../check'
import { defineOp, type OpFn } from '../../op'
import { formatShape, stridesOf, type Shape } from '../../shape'
import { Tensor } from '../../tensor'
import { checkTensor } from '../util'
import { viewScatter } from './asStrided'

interface DiagonalAttrs {
  offset: number
  dim1: number
  dim2: number
}

/** Where the diagonal of a tensor of `shape` and `strides` (at `base`) lies. */
function diagonalPlace(
  shape: Shape,
  strides: readonly number[],
  base: number,
  { offset, dim1, dim2 }: DiagonalAttrs,
): { shape: number[]; strides: number[]; offset: number } {
  const length = Math.max(
    0,
    Math.min(shape[dim1] - Math.max(-offset, 0), shape[dim2] - Math.max(offset, 0)),
  )
  const start = length === 0 ? 0 : offset >= 0 ? offset * strides[dim2] : -offset * strides[dim1]
  const keep = (_: number, d: number) => d !== dim1 && d !== dim2
  return {
    shape: [...shape.filter(keep), length],
    strides: [...strides.filter(keep), strides[dim1] + strides[dim2]],
    offset: base + start,
  }
}

const diagonalOp: OpFn<DiagonalAttrs> = defineOp<DiagonalAttrs>({
  name: 'diagonal',
  composite: ([x], attrs) => {
    const place = diagonalPlace(x.shape, x.strides, x.offset, attrs)
    return Tensor.asView(x, place.shape, place.strides, place.offset)
  },
  // The gradient goes back onto the same diagonal of zeros.
  backward: ({ attrs, inputShapes }, dy) => {
    const shape = inputShapes[0]
    return [viewScatter(dy!, shape, diagonalPlace(shape, stridesOf(shape), 0, attrs))]
  },
})

/**
 * The diagonal of dims `dim1` and `dim2` (above it for a positive `offset`, below for a negative
 * one), appended as the last dim, like `torch.diagonal`: a view sharing storage.
 *
 * @example
 * eye(3).diagonal() // [1, 1, 1]
 */
export function diagonal(x: Tensor, offset = 0, dim1 = 0, dim2 = 1): Tensor {
  checkTensor('diagonal', 'input', x)
  check(
    x.ndim >= 2,
    'diagonal',
    () => `expected a tensor with at least 2 dims, got shape ${formatShape(x.shape)}`,
  )
  const d1 = normalizeDim('diagonal', dim1, x.ndim, x.shape)
  const d2 = normalizeDim('diagonal', dim2, x.ndim, x.shape)
  check(d1 !== d2, 'diagonal', () => `diagonal dimensions cannot be identical ${dim1}, ${dim2}`)
  check(Number.isInteger(offset), 'diagonal', () => `offset must be an integer, got ${offset}`)
  return diagonalOp([x], { offset, dim1: d1, dim2: d2 })
}
