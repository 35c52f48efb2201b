import { defineOp } from '../../op'
import type { Tensor } from '../../tensor'
import { info, wrap } from '../util'
import { where } from './where'

const reluBackwardOp = defineOp<null>({
  name: 'reluBackward',
  kernel: ([dy, y], _, b) =>
    b.fused?.reluBackward
      ? wrap(b, b.fused.reluBackward(info(dy), info(y)), dy.shape, dy.dtype)
      : undefined,
  composite: ([dy, y]) => where(y.gt(0), dy, 0),
  save: ([, y]) => [y],
  // Linear in dy with the same mask; the mask itself has no gradient.
  backward: ({ saved: [y] }, ddy) => [reluBackward(ddy!, y), null],
})

/** `dy` where `y > 0`, else 0: relu's backward, fused on backends that provide it. */
export function reluBackward(dy: Tensor, y: Tensor): Tensor {
  return reluBackwardOp([dy, y], null)
}
