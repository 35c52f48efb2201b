import { numel, stridesOf } from '@othergrad/core/backend'
import type { Storage, TensorInfo } from '@othergrad/core/backend'
import { gpuDType } from '../storage'
import { bind, operand, type GpuStore } from '../store'
import { copyBlock } from './copy'

/** Permutes dims: output dim `i` is input dim `perm[i]`, read through permuted strides. */
export function permute(store: GpuStore, x: TensorInfo, perm: readonly number[]): Storage {
  gpuDType(store.name, x.dtype)
  const n = numel(x.shape)
  const out = store.alloc(n)
  const inStrides = stridesOf(x.shape)
  const outShape = perm.map((p) => x.shape[p])
  copyBlock(
    store,
    operand(x),
    0,
    perm.map((p) => inStrides[p]),
    bind(out),
    0,
    stridesOf(outShape),
    outShape,
  )
  return out
}
