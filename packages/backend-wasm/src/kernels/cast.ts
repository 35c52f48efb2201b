import { numel } from '@othergrad/core/backend'
import type { DType, DataArray, ElementwiseKernels } from '@othergrad/core/backend'
import type { WasmContext } from '../context'
import { valuesOf } from '../storage'

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
export function castKernel(ctx: WasmContext): ElementwiseKernels['cast'] {
  const { store } = ctx
  return (x, dtype) => {
    const size = numel(x.shape)
    const out = store.alloc(dtype, size)
    if (size === 0) return out
    castImpl(valuesOf(store, x), store.view(dtype, out.ptr, size), dtype)
    return out
  }
}
