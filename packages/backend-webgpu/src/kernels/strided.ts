import { numel, stridesOf } from '@othergrad/core/backend'
import type { Storage, TensorInfo } from '@othergrad/core/backend'
import { placementOf } from '@othergrad/kernels-js'
import { gpuDType } from '../storage'
import { bind, operand, type GpuStore } from '../store'
import { copyBlock } from './copy'

/** A contiguous copy of the view `x` (any strides and offset). */
export function contiguous(store: GpuStore, x: TensorInfo): Storage {
  gpuDType(store.name, x.dtype)
  const out = store.alloc(numel(x.shape))
  const { strides, offset } = placementOf(x)
  copyBlock(store, operand(x), offset, strides, bind(out), 0, stridesOf(x.shape), x.shape)
  return out
}

/** Writes the view `src` into the view `dst` (both through their strides). */
export function assign(store: GpuStore, dst: TensorInfo, src: TensorInfo): void {
  gpuDType(store.name, dst.dtype)
  const from = placementOf(src)
  const to = placementOf(dst)
  copyBlock(
    store,
    operand(src),
    from.offset,
    from.strides,
    operand(dst),
    to.offset,
    to.strides,
    dst.shape,
  )
}
