import { numel, stridesOf } from '@othergrad/core/backend'
import type { Storage, TensorInfo } from '@othergrad/core/backend'
import { WORKGROUP } from '../shaders/common'
import { gatherShader } from '../shaders/gather'
import { gpuDType } from '../storage'
import { bind, operand, type GpuStore } from '../store'

/** `torch.gather(x, dim, index)`: shaped like `index`. */
export function gather(store: GpuStore, x: TensorInfo, dim: number, index: TensorInfo): Storage {
  gpuDType(store.name, x.dtype)
  const n = numel(index.shape)
  const out = store.alloc(n)
  if (n === 0) return out
  // A 0-d gather is a 1-element 1-d one.
  const shape = index.shape.length === 0 ? [1] : index.shape
  const xStrides = x.shape.length === 0 ? [1] : stridesOf(x.shape)
  const walk = xStrides.slice()
  walk[dim] = 0
  const { groups, span } = store.rt.grid(n, WORKGROUP)
  store.rt.dispatch(
    gatherShader(shape.length),
    [n, span, xStrides[dim], ...shape, ...walk],
    [operand(x), operand(index), bind(out)],
    groups,
  )
  return out
}
