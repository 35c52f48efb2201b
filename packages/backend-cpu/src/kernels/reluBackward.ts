import { numel } from '@othergrad/core/backend'
import type { DataArray, Storage, TensorInfo } from '@othergrad/core/backend'
import { valuesOf } from '../storage'
import type { CpuStore } from '../storage'

/**
 * `out = y <= 0 ? 0 : dy`, torch's `threshold_backward`: a NaN `y` passes `dy` through and a
 * NaN `dy` is dropped where `y <= 0`, which `dy * (y > 0)` would get wrong both ways.
 */
export function reluBackwardImpl(dy: DataArray, y: DataArray, out: DataArray): void {
  const n = out.length
  for (let i = 0; i < n; i++) out[i] = y[i] <= 0 ? 0 : dy[i]
}

/** Gradient of relu from its output `y`. */
export function reluBackward(store: CpuStore, dy: TensorInfo, y: TensorInfo): Storage {
  const out = store.alloc(dy.dtype, numel(dy.shape))
  if (out.values.length === 0) return out
  reluBackwardImpl(valuesOf(dy), valuesOf(y), out.values)
  return out
}
