import { numel } from '@othergrad/core/backend'
import type { Shape, Storage, TensorInfo } from '@othergrad/core/backend'
import { whereImpl } from '@othergrad/kernels-js'
import { valuesOf } from '../storage'
import type { CpuStore } from '../storage'

/** Selects from `a` where `cond` is true, else from `b`. */
export function where(
  store: CpuStore,
  cond: TensorInfo,
  a: TensorInfo,
  b: TensorInfo,
  outShape: Shape,
): Storage {
  const out = store.alloc(a.dtype, numel(outShape))
  if (out.values.length === 0) return out
  whereImpl(
    valuesOf(cond),
    cond.shape,
    valuesOf(a),
    a.shape,
    valuesOf(b),
    b.shape,
    out.values,
    outShape,
  )
  return out
}
