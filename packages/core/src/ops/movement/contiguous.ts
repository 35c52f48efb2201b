import { defineOp } from '../../op'
import type { Tensor } from '../../tensor'

const contiguousOp = defineOp<null>({
  name: 'contiguous',
  // The gradient of a copy is the gradient itself.
  backward: (_, dy) => [dy],
})

/**
 * The tensor itself when its elements already lie row-major, else a contiguous copy, like
 * `x.contiguous()`.
 */
export function contiguous(x: Tensor): Tensor {
  return x.isContiguous() ? x : contiguousOp([x], null)
}
