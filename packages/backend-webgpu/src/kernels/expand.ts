import { numel, stridesOf } from '@othergrad/core/backend'
import type { Shape, Storage, TensorInfo } from '@othergrad/core/backend'
import { broadcastStrides } from '@othergrad/kernels-js'
import { gpuDType } from '../storage'
import { bind, operand, type GpuStore } from '../store'
import { copyBlock } from './copy'

/** Broadcasts `x` to `shape`, materialised: broadcast dims are read with stride 0. */
export function expand(store: GpuStore, x: TensorInfo, shape: Shape): Storage {
  gpuDType(store.name, x.dtype)
  const out = store.alloc(numel(shape))
  const strides = broadcastStrides(x.shape, shape)
  copyBlock(store, operand(x), 0, strides, bind(out), 0, stridesOf(shape), shape)
  return out
}
