import type { ScalarBinaryOp } from '../../backend/kernels'
import { defineOp } from '../../op'
import type { Shape } from '../../shape'
import type { Tensor } from '../../tensor'
import { scalar } from '../util'

/** The gradient of `op(x, value)` for x, written with ops so it can itself be differentiated. */
const GRADS: Record<ScalarBinaryOp, (dy: Tensor, value: number) => Tensor> = {
  add: (dy) => dy,
  sub: (dy) => dy,
  mul: (dy, value) => dy.mul(value),
  div: (dy, value) => dy.div(value),
}

type TensorOp = (inputs: readonly Tensor[], attrs: { outShape: Shape }) => Tensor

/**
 * `op(x, value)` for a float tensor and a JS number without a 0-d tensor for the number: the
 * backend's `addScalar` (`subScalar`, ...) kernel, else `tensorOp` (the tensor-tensor op) on a materialised
 * scalar. Either way the number is first rounded to x's dtype, as the 0-d tensor would hold it,
 * and the node is named like the tensor-tensor op's (`AddBackward`).
 */
export function defineScalarBinary(
  op: ScalarBinaryOp,
  tensorOp: TensorOp,
): (x: Tensor, value: number) => Tensor {
  const grad = GRADS[op]
  const run = defineOp<{ value: number }>({
    name: `${op}Scalar`,
    nodeName: `${op[0].toUpperCase()}${op.slice(1)}Backward`,
    composite: ([x], { value }) =>
      tensorOp([x, scalar(value, x.dtype, x.backend)], { outShape: x.shape }),
    backward: ({ attrs: { value } }, dy) => [grad(dy!, value)],
  })
  return (x, value) => run([x], { value: x.dtype === 'float32' ? Math.fround(value) : value })
}
