import { numel } from '@othergrad/core/backend'
import type { Storage, TensorInfo } from '@othergrad/core/backend'
import { gatherImpl } from '@othergrad/kernels-js'
import { valuesOf } from '../storage'
import type { CpuStore } from '../storage'

/** `torch.gather(x, dim, index)`. */
export function gather(store: CpuStore, x: TensorInfo, dim: number, index: TensorInfo): Storage {
  const out = store.alloc(x.dtype, numel(index.shape))
  if (out.values.length === 0) return out
  gatherImpl(valuesOf(x), x.shape, dim, valuesOf(index) as Int32Array, index.shape, out.values)
  return out
}
