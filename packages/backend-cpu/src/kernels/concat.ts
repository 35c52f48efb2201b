import { numel } from '@othergrad/core/backend'
import type { Storage, TensorInfo } from '@othergrad/core/backend'
import { concatImpl } from '@othergrad/kernels-js'
import { valuesOf } from '../storage'
import type { CpuStore } from '../storage'

/** Joins tensors of one dtype and rank along `axis`. */
export function concat(store: CpuStore, xs: readonly TensorInfo[], axis: number): Storage {
  const outShape = xs[0].shape.slice()
  outShape[axis] = 0
  for (const x of xs) outShape[axis] += x.shape[axis]
  const out = store.alloc(xs[0].dtype, numel(outShape))
  if (out.values.length === 0) return out
  concatImpl(
    xs.map(valuesOf),
    xs.map((x) => x.shape),
    axis,
    out.values,
  )
  return out
}
