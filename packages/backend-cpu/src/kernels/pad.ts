import { numel } from '@othergrad/core/backend'
import type { Storage, TensorInfo } from '@othergrad/core/backend'
import { padImpl } from '@othergrad/kernels-js'
import { valuesOf } from '../storage'
import type { CpuStore } from '../storage'

/** Zero-pads `before[i]` and `after[i]` elements around dim `i`: the adjoint of slice. */
export function pad(
  store: CpuStore,
  x: TensorInfo,
  before: readonly number[],
  after: readonly number[],
): Storage {
  const out = store.alloc(x.dtype, numel(x.shape.map((s, d) => before[d] + s + after[d])))
  if (out.values.length === 0) return out
  padImpl(valuesOf(x), x.shape, before, after, out.values)
  return out
}
