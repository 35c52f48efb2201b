import type { DataArray, DType } from '@othergrad/core/backend'

/**
 * Converts `x` into `out` of `dtype`. Float → int32 truncates toward zero, and NaN, ±Infinity and
 * values out of int32's range give INT_MIN (-2147483648), as PyTorch on x86 does (cvttss2si);
 * float → uint8/int8/int16 takes that int32's low bits, and integer → narrower integer wraps,
 * as typed-array assignment (and C) does; anything → float widens or rounds.
 */
export function castImpl(x: DataArray, out: DataArray, dtype: DType): void {
  const n = out.length
  if (dtype === 'bool') {
    // `!= 0`, so NaN is true as in torch; a Uint8Array store alone would wrap 256 to 0.
    for (let i = 0; i < n; i++) out[i] = x[i] !== 0 ? 1 : 0
  } else if (dtype !== 'float32' && dtype !== 'float64' && isFloatArray(x)) {
    // An Int32Array store truncates in range but wraps outside it (and stores NaN as 0). NaN
    // fails both comparisons. Narrower integers take the int32 value's low bits, as PyTorch's
    // casts do (300.5 → uint8 44, 2^31 + 5 → uint8 0): the typed-array store wraps them.
    for (let i = 0; i < n; i++) {
      const v = x[i]
      out[i] = v > -2147483649 && v < 2147483648 ? Math.trunc(v) : -2147483648
    }
  } else {
    out.set(x.length === n ? x : x.subarray(0, n))
  }
}

function isFloatArray(x: DataArray): boolean {
  return x instanceof Float32Array || x instanceof Float64Array
}
