import { fail } from '../../check'
import { isDType, isFloating, type DType } from '../../dtype'
import { defineOp } from '../../op'
import type { Tensor } from '../../tensor'

const castOp = defineOp<{ dtype: DType }>({
  name: 'cast',
  infer: ([x], { dtype }) => ({ shape: x.shape, dtype }),
  // d(cast(x))/dx = 1, back in the input's dtype; no gradient flows to int/bool inputs.
  backward: ({ inputDTypes }, dy) => [
    isFloating(inputDTypes[0]) ? cast(dy!, inputDTypes[0]) : null,
  ],
})

/**
 * `x` converted to `dtype`, like `x.to(torch.float64)`; the tensor itself when it already is.
 *
 * @example
 * const labels = tensor([0, 2, 1]).cast('int32')
 */
export function cast(x: Tensor, dtype: DType): Tensor {
  if (!isDType(dtype))
    fail('cast', `unknown dtype '${String(dtype)}'; expected float32, float64, int32 or bool`)
  return x.dtype === dtype ? x : castOp([x], { dtype })
}
