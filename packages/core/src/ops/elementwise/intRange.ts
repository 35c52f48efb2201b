import { noGrad } from '../../autograd/gradMode'
import { closeScope, openScope } from '../../memory'
import { failIntegerValue, integerOverflowError } from '../../check'
import { integerRange, isFloating, type DType } from '../../dtype'
import type { Tensor } from '../../tensor'
import { checkOnDevice } from '../indexing/indexRange'

/** Whether every value of `from` fits `to` (a widening cast, or to a float or bool). */
function alwaysFits(from: DType, to: DType): boolean {
  const target = integerRange(to)
  if (target === undefined || from === 'bool') return true
  const source = integerRange(from)
  return source !== undefined && source[0] >= target[0] && source[1] <= target[1]
}

/**
 * othergrad's integers never wrap: raises when a value of `x` does not fit the integer dtype
 * `to` it is about to be stored as. `op` `'cast'` reads as a conversion (`cast: value 300 is out
 * of range for uint8 ...`, NaN and ±Infinity included, floats truncated toward zero first);
 * any other op names an arithmetic result (`add: integer overflow: the result 300 does not fit
 * uint8 ...`). Backends that read synchronously check now; webgpu checks on the device and
 * raises at the next read, as it does for indices.
 */
export function checkFits(op: string, x: Tensor, to: DType): void {
  if (alwaysFits(x.dtype, to) || x.size === 0) return
  const [lo, hi] = integerRange(to)!
  const fail = (value: number): never => {
    if (op === 'cast') failIntegerValue(op, value, to)
    throw integerOverflowError(op, to, value)
  }
  if (x.backend.readSync) {
    const values = x.dataSync()
    for (let i = 0; i < values.length; i++) {
      // Floats truncate toward zero; NaN fails both comparisons.
      const v = Math.trunc(values[i])
      if (!(v >= lo && v <= hi)) fail(values[i])
    }
    return
  }
  // The masks are temporaries: a scope frees them once the check is recorded.
  const scope = openScope()
  try {
    noGrad(() => checkOnGpu(op, x, to, fail))
  } finally {
    closeScope(scope, new Set())
  }
}

/** The device-side form of `checkFits`, for backends that cannot read synchronously. */
function checkOnGpu(op: string, x: Tensor, to: DType, fail: (value: number) => never): void {
  const [lo, hi] = integerRange(to)!
  if (isFloating(x.dtype)) {
    // No value outside the range can be passed back as an int32, so the message names the
    // range. lo - 1 and hi + 1 are exact in float32 except -2^31 - 1, and float32 has no value
    // between -2^31 - 256 and -2^31 anyway.
    const below = Math.fround(lo - 1) === lo - 1 ? x.le(lo - 1) : x.lt(lo)
    const flags = below
      .logicalOr(x.ge(hi + 1))
      .logicalOr(x.ne(x))
      .cast('int32')
    const rule =
      to === 'int32'
        ? "othergrad's int64 is int32 and never wraps"
        : "othergrad's integers never wrap"
    checkOnDevice(flags, 1, () =>
      op === 'cast'
        ? `cast: a value (NaN, ±Infinity or outside [${lo}, ${hi}]) cannot be converted to ${to}; ${rule}`
        : integerOverflowError(op, to, undefined).message,
    )
    return
  }
  // An integer that does not fit is never 0: it is reported as an "index" outside [0, 1). The
  // comparisons run in int32, where both bounds are representable.
  const wide = x.cast('int32')
  const values = wide.where(wide.lt(lo).logicalOr(wide.gt(hi)), 0)
  checkOnDevice(values, 1, (value) => {
    try {
      return fail(value)
    } catch (error) {
      return (error as Error).message
    }
  })
}
