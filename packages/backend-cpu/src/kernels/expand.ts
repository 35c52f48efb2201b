import { numel } from '@othergrad/core/backend'
import type { Shape, Storage, TensorInfo } from '@othergrad/core/backend'
import { expandImpl } from '@othergrad/kernels-js'
import { valuesOf } from '../storage'
import type { CpuStore } from '../storage'

/** Broadcasts `x` to `shape`, materialised. */
export function expand(store: CpuStore, x: TensorInfo, shape: Shape): Storage {
  const out = store.alloc(x.dtype, numel(shape))
  if (out.values.length === 0) return out
  expandImpl(valuesOf(x), x.shape, out.values, shape)
  return out
}
