import { defineOp } from '../../op'
import { shapesEqual } from '../../shape'
import { Tensor } from '../../tensor'
import { checkTensor } from '../util'
import { expandedShape } from './reshape'

const expandOp = defineOp<{ shape: number[] }>({
  name: 'expand',
  // A view: broadcast dims read one element again and again (stride 0).
  composite: ([x], { shape }) => {
    const lead = shape.length - x.ndim
    const strides = shape.map((d, i) =>
      i < lead || (x.shape[i - lead] === 1 && d !== 1) ? 0 : x.strides[i - lead],
    )
    return Tensor.asView(x, shape, strides)
  },
  // The engine sums dy back over the broadcast dims.
  backward: (_, dy) => [dy],
})

/**
 * Broadcasts size-1 dims (and new leading dims) to `shape`; -1 keeps a dim, like `Tensor.expand`.
 * A view that reads each broadcast element repeatedly (stride 0): write to it only after
 * `clone()`.
 */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  checkTensor('expand', 'input', x)
  const target = expandedShape(x, shape)
  if (shapesEqual(target, x.shape)) return x.reshape(target)
  return expandOp([x], { shape: target })
}
