import { fail } from '../../check'
import { dtypeFromName, DTYPE_NAMES, isFloating, type DType, type DTypeName } from '../../dtype'
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
 * Float → int32 truncates toward zero; NaN, ±Infinity and out-of-range values become
 * -2147483648, as `x.int()` does in PyTorch on x86 (`'int64'` and `'long'` name int32).
 *
 * @example
 * const labels = tensor([0, 2, 1]).cast('int32')
 */
export function cast(x: Tensor, dtype: DTypeName): Tensor {
  const to = dtypeFromName(dtype)
  if (to === undefined) fail('cast', `unknown dtype '${String(dtype)}'; expected ${DTYPE_NAMES}`)
  return x.dtype === to ? x : castOp([x], { dtype: to })
}
