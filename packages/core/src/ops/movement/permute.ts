import { check, normalizeDim } from '../../check'
import { defineOp } from '../../op'
import { fail } from '../../check'
import { formatShape } from '../../shape'
import { Tensor } from '../../tensor'
import { checkTensor } from '../util'

const permuteOp = defineOp<{ perm: number[] }>({
  name: 'permute',
  // A view: the same storage read through permuted strides.
  composite: ([x], { perm }) =>
    Tensor.asView(
      x,
      perm.map((p) => x.shape[p]),
      perm.map((p) => x.strides[p]),
    ),
  // The inverse permutation puts every gradient element back.
  backward: ({ attrs: { perm } }, dy) => {
    const inverse = new Array<number>(perm.length)
    perm.forEach((p, i) => (inverse[p] = i))
    return [permute(dy!, inverse)]
  },
})

/**
 * Reorders dims: output dim `i` is input dim `dims[i]`, like `torch.permute`; a view.
 *
 * @example
 * images.permute(0, 2, 3, 1) // NCHW → NHWC
 */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  checkTensor('permute', 'input', x)
  check(
    dims.length === x.ndim,
    'permute',
    () =>
      `number of dims don't match in permute (input shape ${formatShape(x.shape)} has ${x.ndim} dims, got ${dims.length})`,
  )
  const perm = dims.map((d) => normalizeDim('permute', d, x.ndim, x.shape))
  check(
    new Set(perm).size === perm.length,
    'permute',
    () => `repeated dim in permute ([${dims.join(', ')}])`,
  )
  return permuteOp([x], { perm })
}

/** Swaps two dims, like `torch.transpose`. */
export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  checkTensor('transpose', 'input', x)
  if (x.ndim === 0) return x.reshape([])
  const a = normalizeDim('transpose', dim0, x.ndim, x.shape)
  const b = normalizeDim('transpose', dim1, x.ndim, x.shape)
  const perm = x.shape.map((_, i) => (i === a ? b : i === b ? a : i))
  return permute(x, perm)
}

/** Transpose of a tensor with at most 2 dims, like `torch.t`. */
export function t(x: Tensor): Tensor {
  checkTensor('t', 'input', x)
  if (x.ndim > 2)
    fail(
      't',
      `expects a tensor with <= 2 dimensions, but self is ${x.ndim}D (shape ${formatShape(x.shape)})`,
    )
  return x.ndim < 2 ? x.reshape(x.shape) : transpose(x, 0, 1)
}
