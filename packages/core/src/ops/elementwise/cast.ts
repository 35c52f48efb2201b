import { fail } from '../../check'
import { dtypeFromName, DTYPE_NAMES, isFloating, type DType, type DTypeName } from '../../dtype'
import { defineOp } from '../../op'
import type { Tensor } from '../../tensor'
import { checkFits } from './intRange'

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
 * Float → integer truncates toward zero. Integers never wrap (`'int64'` and `'long'` name
 * int32): NaN, ±Infinity and values outside the target's range raise (`x.int()` of 3e9, or
 * `x.to('uint8')` of 300), where PyTorch would return a wrapped or undefined value. On webgpu
 * the check runs on the device and raises at the next read.
 *
 * @example
 * const labels = tensor([0, 2, 1]).cast('int32')
 */
export function cast(x: Tensor, dtype: DTypeName): Tensor {
  const to = dtypeFromName(dtype)
  if (to === undefined) fail('cast', `unknown dtype '${String(dtype)}'; expected ${DTYPE_NAMES}`)
  if (x.dtype === to) return x
  checkFits('cast', x, to)
  return castOp([x], { dtype: to })
}

/** A cast of values known to fit `dtype` (the int32 max of uint8 values): no range check. */
export function castFitting(x: Tensor, dtype: DType): Tensor {
  return x.dtype === dtype ? x : castOp([x], { dtype })
}

/**
 * An integer result `op` computed in int32, stored as the narrower `dtype` it has: raises
 * `<op>: integer overflow: the result 300 does not fit uint8 ...` when one does not fit.
 */
export function narrowResult(op: string, x: Tensor, dtype: DType): Tensor {
  if (x.dtype === dtype) return x
  checkFits(op, x, dtype)
  return castOp([x], { dtype })
}
