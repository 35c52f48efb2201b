import { checkFloating } from '../../check'
import { defineOp } from '../../op'
import type { Tensor } from '../../tensor'
import { numel } from '../../shape'
import { isFloating } from '../../dtype'
import { castTo, checkTensor } from '../util'
import { reducePlan, type ReducePlan } from './dims'

// Reduces float or int32 inputs (bools are cast first) over a non-empty list of axes.
const sumOp = defineOp<ReducePlan>({
  name: 'sum',
  infer: ([x], { shape }) => ({ shape, dtype: x.dtype }),
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
  return reduceSum(x, reducePlan('sum', x.shape, dim, keepdim))
}

/** Bool and int32 sum to int32; nothing to reduce (a 0-d input) is a copy. */
function reduceSum(x: Tensor, plan: ReducePlan): Tensor {
  const summand = isFloating(x.dtype) ? x : castTo(x, 'int32')
  return plan.axes.length === 0 ? summand.clone().reshape(plan.shape) : sumOp([summand], plan)
}

/** Arithmetic mean over all elements or `dim`, like `torch.mean` (floating inputs only). */
export function mean(x: Tensor, dim?: number | readonly number[] | null, keepdim = false): Tensor {
  checkTensor('mean', 'input', x)
  checkFloating('mean', x.dtype)
  const plan = reducePlan('mean', x.shape, dim, keepdim)
  const count = numel(plan.axes.map((a) => x.shape[a]))
  return reduceSum(x, plan).div(count)
}
