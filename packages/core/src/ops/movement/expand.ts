import { defineOp } from '../../op'
import { shapesEqual } from '../../shape'
import type { Tensor } from '../../tensor'
import { checkTensor } from '../util'
import { expandedShape } from './reshape'

const expandOp = defineOp<{ shape: number[] }>({
  name: 'expand',
  infer: ([x], { shape }) => ({ shape, dtype: x.dtype }),
  // The engine sums dy back over the broadcast dims.
  backward: (_, dy) => [dy],
})

/**
 * Broadcasts size-1 dims (and new leading dims) to `shape`; -1 keeps a dim, like `Tensor.expand`.
 * othergrad materialises the result (storage is always contiguous).
 */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  checkTensor('expand', 'input', x)
  const target = expandedShape(x, shape)
  if (shapesEqual(target, x.shape)) return x.reshape(target)
  const lifted =
    x.ndim === target.length
      ? x
      : x.reshape([...target.slice(0, target.length - x.ndim).map(() => 1), ...x.shape])
  return expandOp([lifted], { shape: target })
}
