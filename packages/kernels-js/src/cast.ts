import type { DataArray, DType } from '@othergrad/core/backend'

/**
 * Converts `x` into `out` of `dtype`. Typed-array assignment already does the rest of the
 * contract: float → int32 truncates toward zero (NaN → 0), anything → float widens or rounds.
 */
export function castImpl(x: DataArray, out: DataArray, dtype: DType): void {
  const n = out.length
  if (dtype === 'bool') {
    // `!= 0`, so NaN is true as in torch; a Uint8Array store alone would wrap 256 to 0.
    for (let i = 0; i < n; i++) out[i] = x[i] !== 0 ? 1 : 0
  } else {
    out.set(x.length === n ? x : x.subarray(0, n))
  }
}
