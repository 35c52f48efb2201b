import { numel } from '@othergrad/core/backend'
import type { Storage, TensorInfo } from '@othergrad/core/backend'
import { permuteImpl } from '@othergrad/kernels-js'
import { valuesOf } from '../storage'
import type { CpuStore } from '../storage'

/** Permutes dims: output dim `i` is input dim `perm[i]`. */
export function permute(store: CpuStore, x: TensorInfo, perm: readonly number[]): Storage {
  const out = store.alloc(x.dtype, numel(x.shape))
  if (out.values.length === 0) return out
  permuteImpl(valuesOf(x), x.shape, perm, out.values)
  return out
}
