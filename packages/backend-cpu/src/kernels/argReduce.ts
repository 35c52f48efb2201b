import type { ArgReduceOp, Storage, TensorInfo } from '@othergrad/core/backend'
import { argReduceImpl } from '@othergrad/kernels-js'
import { valuesOf } from '../storage'
import type { CpuStore } from '../storage'

/** argmax/argmin along `axis` (int32, that dim removed). */
export function argReduce(store: CpuStore, op: ArgReduceOp, x: TensorInfo, axis: number): Storage {
  let outSize = 1
  for (let d = 0; d < x.shape.length; d++) if (d !== axis) outSize *= x.shape[d]
  const out = store.alloc('int32', outSize)
  if (out.values.length === 0) return out
  argReduceImpl(op, valuesOf(x), x.shape, axis, out.values as Int32Array)
  return out
}
