import type { DataArray, DType } from '@othergrad/core/backend'

/**
 * Converts `x` into `out` of `dtype`. Float → int32 truncates toward zero, and NaN, ±Infinity and
 * values out of int32's range give INT_MIN (-2147483648), as PyTorch on x86 does (cvttss2si);
 * typed-array assignment does the rest: anything → float widens or rounds.
 */
export function castImpl(x: DataArray, out: DataArray, dtype: DType): void {
  const n = out.length
  if (dtype === 'bool') {
    // `!= 0`, so NaN is true as in torch; a Uint8Array store alone would wrap 256 to 0.
    for (let i = 0; i < n; i++) out[i] = x[i] !== 0 ? 1 : 0
  } else if (dtype === 'int32' && (x instanceof Float32Array || x instanceof Float64Array)) {
    // An Int32Array store truncates in range but wraps outside it (and stores NaN as 0). NaN
    // fails both comparisons.
    for (let i = 0; i < n; i++) {
      const v = x[i]
      out[i] = v > -2147483649 && v < 2147483648 ? v : -2147483648
    }
  } else {
    out.set(x.length === n ? x : x.subarray(0, n))
  }
}
