import { integerOverflowError, numel } from '@othergrad/core/backend'
import type { Shape, Storage, TensorInfo } from '@othergrad/core/backend'
import { scatterAddImpl } from '@othergrad/kernels-js'
import { valuesOf } from '../storage'
import type { CpuStore } from '../storage'

/**
 * Zeros of `shape`, then `out[index[i][j]][j] += src[i][j]` for dim 0; an int32 sum outside
 * int32 raises.
 */
export function scatterAdd(
  store: CpuStore,
  shape: Shape,
  dim: number,
  index: TensorInfo,
  src: TensorInfo,
): Storage {
  const out = store.alloc(src.dtype, numel(shape))
  if (out.values.length === 0) return out
  // int32 sums are taken in doubles (exact to 2^53) and checked: integers never wrap.
  const int = src.dtype === 'int32'
  const sums = int ? new Float64Array(out.values.length) : out.values
  scatterAddImpl(
    shape,
    dim,
    valuesOf(index) as Int32Array,
    index.shape,
    valuesOf(src),
    src.shape,
    sums,
  )
  if (int) {
    const bad = sums.findIndex((v) => v > 2147483647 || v < -2147483648)
    if (bad !== -1) throw integerOverflowError('scatterAdd', 'int32', sums[bad], src)
    out.values.set(sums)
  }
  return out
}
