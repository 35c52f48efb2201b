import { defineOp } from '../../op'
import type { Tensor } from '../../tensor'
import { where } from './where'

const reluBackwardOp = defineOp<null>({
  name: 'reluBackward',
  // A fused kernel where the backend has one; otherwise the composite.
  composite: ([dy, y]) => where(y.gt(0), dy, 0),
  save: ([, y]) => [y],
  // Linear in dy with the same mask; the mask itself has no gradient.
  backward: ({ saved: [y] }, ddy) => [reluBackward(ddy!, y), null],
})

/** `dy` where `y > 0`, else 0: relu's backward, fused on backends that provide it. */
export function reluBackward(dy: Tensor, y: Tensor): Tensor {
  return reluBackwardOp([dy, y], null)
}
