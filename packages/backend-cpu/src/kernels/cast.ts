import { numel } from '@othergrad/core/backend'
import type { DataArray, DType, Storage, TensorInfo } from '@othergrad/core/backend'
import { valuesOf } from '../storage'
import type { CpuStore } from '../storage'

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

/** Casts `x` to `dtype`. */
export function cast(store: CpuStore, x: TensorInfo, dtype: DType): Storage {
  const out = store.alloc(dtype, numel(x.shape))
  if (out.values.length === 0) return out
  castImpl(valuesOf(x), out.values, dtype)
  return out
}
