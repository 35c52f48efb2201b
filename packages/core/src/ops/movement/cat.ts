import { check, checkElementCount, fail, normalizeDim } from '../../check'
import { promoteTypes } from '../../dtype'
import { defineOp } from '../../op'
import { formatShape } from '../../shape'
import { Tensor } from '../../tensor'
import { castTo } from '../util'
import { narrow } from './narrow'
import { unsqueeze } from './reshape'

const catOp = defineOp<{ axis: number }>({
  name: 'cat',
  infer: (xs, { axis }) => {
    const shape = [...xs[0].shape]
    shape[axis] = xs.reduce((n, x) => n + x.shape[axis], 0)
    return { shape, dtype: xs[0].dtype }
  },
  // Each input gets its own slice of dy back.
  backward: ({ attrs: { axis }, inputShapes, needsInputGrad }, dy) => {
    let offset = 0
    return inputShapes.map((shape, i) => {
      const start = offset
      offset += shape[axis]
      return needsInputGrad[i] ? narrow(dy!, axis, start, shape[axis]) : null
    })
  },
})

/**
 * Joins tensors along an existing dim, like `torch.cat`.
 *
 * @example
 * cat([a, b], 0)
 */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (!Array.isArray(tensors as unknown) || tensors.length === 0)
    fail('cat', 'expected a non-empty list of Tensors')
  tensors.forEach((t, i) => {
    if (!(t instanceof Tensor)) fail('cat', `expected a Tensor at position ${i}, got ${typeof t}`)
  })
  const first = tensors[0]
  const axis = normalizeDim('cat', dim, first.ndim, first.shape)
  check(
    first.ndim > 0,
    'cat',
    () => 'zero-dimensional tensor (at position 0) cannot be concatenated',
  )
  tensors.forEach((t, i) => {
    check(
      t.ndim === first.ndim && t.shape.every((d, j) => j === axis || d === first.shape[j]),
      'cat',
      () =>
        `sizes of tensors must match except in dimension ${axis}. Expected shape ${formatShape(first.shape)} (except dim ${axis}) but got ${formatShape(t.shape)} for tensor number ${i} in the list`,
    )
  })
  const joined = [...first.shape]
  joined[axis] = tensors.reduce((n, t) => n + t.shape[axis], 0)
  checkElementCount('cat', joined)
  const dtype = tensors.map((t) => t.dtype).reduce(promoteTypes)
  return catOp(
    tensors.map((t) => castTo(t, dtype)),
    { axis },
  )
}

/** Joins same-shape tensors along a new dim, like `torch.stack`. */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (!Array.isArray(tensors as unknown) || tensors.length === 0)
    fail('stack', 'expected a non-empty list of Tensors')
  const first = tensors[0]
  tensors.forEach((t, i) => {
    if (!(t instanceof Tensor)) fail('stack', `expected a Tensor at position ${i}, got ${typeof t}`)
    check(
      t.ndim === first.ndim && t.shape.every((d, j) => d === first.shape[j]),
      'stack',
      () =>
        `stack expects each tensor to be equal size, but got ${formatShape(first.shape)} at entry 0 and ${formatShape(t.shape)} at entry ${i}`,
    )
  })
  const axis = normalizeDim('stack', dim, first.ndim + 1, first.shape)
  return cat(
    tensors.map((t) => unsqueeze(t, axis)),
    axis,
  )
}
