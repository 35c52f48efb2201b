import { numel } from '@othergrad/core/backend'
import type { Storage, TensorInfo } from '@othergrad/core/backend'
import { splitAt } from '@othergrad/kernels-js'
import { WORKGROUP } from '../shaders/common'
import { indexSelectShader } from '../shaders/indexSelect'
import { gpuDType } from '../storage'
import { bind, operand, type GpuStore } from '../store'

/** `torch.index_select(x, dim, index)` with a 1-D int32 `index`. */
export function indexSelect(
  store: GpuStore,
  x: TensorInfo,
  dim: number,
  index: TensorInfo,
): Storage {
  gpuDType(store.name, x.dtype)
  const count = numel(index.shape)
  const [outer, size, inner] = splitAt(x.shape, dim)
  const n = outer * count * inner
  const out = store.alloc(n)
  if (n === 0) return out
  const { groups, span } = store.rt.grid(n, WORKGROUP)
  store.rt.dispatch(
    indexSelectShader(),
    [n, span, count, inner, size],
    [operand(x), operand(index), bind(out)],
    groups,
  )
  return out
}
