import { integerOverflowError, numel } from '@othergrad/core/backend'
import type { IndexKernels } from '@othergrad/core/backend'
import { scatterAddImpl } from '@othergrad/kernels-js'
import type { WasmContext } from '../context'
import { valuesOf } from '../storage'

/**
 * Zeros of `shape`, then `out[index[i][j]][j] += src[i][j]` for dim 0; an int32 sum outside
 * int32 raises.
 */
export function scatterAddKernel(ctx: WasmContext): IndexKernels['scatterAdd'] {
  const { store } = ctx
  return (shape, dim, index, src) => {
    const size = numel(shape)
    const out = store.alloc(src.dtype, size)
    if (size === 0) return out
    const idx = valuesOf(store, index) as Int32Array
    // int32 sums are taken in doubles (exact to 2^53) and checked: integers never wrap.
    const int = src.dtype === 'int32'
    const sums = int ? new Float64Array(size) : store.view(src.dtype, out.ptr, size)
    scatterAddImpl(shape, dim, idx, index.shape, valuesOf(store, src), src.shape, sums)
    if (int) {
      const bad = sums.findIndex((v) => v > 2147483647 || v < -2147483648)
      if (bad !== -1) {
        store.dispose(out)
        throw integerOverflowError('scatterAdd', 'int32', sums[bad], src)
      }
      store.view('int32', out.ptr, size).set(sums)
    }
    return out
  }
}
