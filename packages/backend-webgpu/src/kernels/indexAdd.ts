import { numel } from '@othergrad/core/backend'
import type { Shape, Storage, TensorInfo } from '@othergrad/core/backend'
import { splitAt } from '@othergrad/kernels-js'
import { WORKGROUP } from '../shaders/common'
import { indexAddShader } from '../shaders/indexAdd'
import { gpuDType } from '../storage'
import { bind, operand, type GpuStore } from '../store'

/** Zeros of `shape`, then slice `index[i]` of `dim` += `src`'s slice `i`. */
export function indexAdd(
  store: GpuStore,
  shape: Shape,
  dim: number,
  index: TensorInfo,
  src: TensorInfo,
): Storage {
  const dtype = gpuDType(store.name, src.dtype)
  const n = numel(shape)
  const out = store.alloc(n)
  if (n === 0) return out
  const [, size, inner] = splitAt(shape, dim)
  const count = numel(index.shape)
  const { groups, span } = store.rt.grid(n, WORKGROUP)
  store.rt.dispatch(
    indexAddShader(dtype),
    [n, span, count, inner, size],
    [operand(index), operand(src), bind(out)],
    groups,
  )
  return out
}
