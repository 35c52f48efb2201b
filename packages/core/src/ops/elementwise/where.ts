import { broadcastShapes, check, fail } from '../../check'
import { defineOp } from '../../op'
import { Tensor } from '../../tensor'
import { asInt32, promoteOperands } from '../util'
import { isSmallInt } from '../../dtype'
import { castFitting } from './cast'

const whereOp = defineOp<{ outShape: number[] }>({
  name: 'where',
  infer: ([, a], { outShape }) => ({ shape: outShape, dtype: a.dtype }),
  save: ([c]) => [c],
  // The gradient goes to whichever branch was selected.
  backward: ({ saved: [c], needsInputGrad: n }, dy) => [
    null,
    n[1] ? where(c, dy!, 0) : null,
    n[2] ? where(c, 0, dy!) : null,
  ],
})

/**
 * Elementwise `condition ? input : other`, broadcasting all three, like `torch.where`.
 *
 * @example
 * where(x.gt(0), x, 0) // relu
 */
export function where(condition: Tensor, input: Tensor | number, other: Tensor | number): Tensor {
  if (!(condition instanceof Tensor))
    fail('where', `argument 'condition' must be a Tensor, got ${typeof condition}`)
  check(
    condition.dtype === 'bool',
    'where',
    () => `expected condition to be a bool tensor, got ${condition.dtype}`,
  )
  const { tensors } = promoteOperands('where', [input, other], ['input', 'other'])
  const [a, b] = tensors
  const outShape = broadcastShapes(
    'where',
    broadcastShapes('where', condition.shape, a.shape),
    b.shape,
  )
  if (isSmallInt(a.dtype)) {
    return castFitting(
      asInt32([a, b], ([x, y]) => whereOp([condition, x, y], { outShape })),
      a.dtype,
    )
  }
  return whereOp([condition, a, b], { outShape })
}
