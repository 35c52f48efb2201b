import { checkFloating } from '../../check'
import { defineOp } from '../../op'
import type { Tensor } from '../../tensor'
import { numel } from '../../shape'
import { castTo, checkTensor, info, wrap } from '../util'
import { reducePlan, type ReducePlan } from './dims'

const sumOp = defineOp<ReducePlan>({
  name: 'sum',
  kernel: ([x], { axes, shape }, b) => {
    const dtype = x.dtype === 'float64' || x.dtype === 'float32' ? x.dtype : 'int32'
    if (axes.length === 0) return x.clone().reshape(shape)
    return wrap(
      b,
      b.reduce('sum', info(castTo(x, dtype === 'int32' ? 'int32' : x.dtype)), axes),
      shape,
      dtype,
    )
  },
  // Every input element contributes once: broadcast dy back over the reduced dims.
  backward: ({ attrs: { keepShape }, inputShapes }, dy) => [
    dy!.reshape(keepShape).expand(inputShapes[0]),
  ],
})

/**
 * Sum over all elements, or over `dim` (a dim or a list of dims), like `torch.sum`.
 * Bool and int32 inputs sum to int32.
 *
 * @example
 * x.sum(1, true) // row sums, shape [n, 1]
 */
export function sum(x: Tensor, dim?: number | readonly number[] | null, keepdim = false): Tensor {
  checkTensor('sum', 'input', x)
  return sumOp([x], reducePlan('sum', x.shape, dim, keepdim))
}

/** Arithmetic mean over all elements or `dim`, like `torch.mean` (floating inputs only). */
export function mean(x: Tensor, dim?: number | readonly number[] | null, keepdim = false): Tensor {
  checkTensor('mean', 'input', x)
  checkFloating('mean', x.dtype)
  const plan = reducePlan('mean', x.shape, dim, keepdim)
  const count = numel(plan.axes.map((a) => x.shape[a]))
  return sumOp([x], plan).div(count)
}
