import { numel } from '@othergrad/core/backend'
import type { Storage, TensorInfo } from '@othergrad/core/backend'
import { copyBlock, placementOf } from '@othergrad/kernels-js'
import { stridesOf } from '@othergrad/core/backend'
import { valuesOf, type CpuStore } from '../storage'

/** A contiguous copy of the view `x` (any strides and offset). */
export function contiguous(store: CpuStore, x: TensorInfo): Storage {
  const out = store.alloc(x.dtype, numel(x.shape))
  if (out.values.length === 0) return out
  const { strides, offset } = placementOf(x)
  copyBlock(valuesOf(x), offset, strides, out.values, 0, stridesOf(x.shape), x.shape)
  return out
}

/** Writes the view `src` into the view `dst` element by element (both through their strides). */
export function assign(dst: TensorInfo, src: TensorInfo): void {
  if (numel(dst.shape) === 0) return
  const from = placementOf(src)
  const to = placementOf(dst)
  copyBlock(
    valuesOf(src),
    from.offset,
    from.strides,
    valuesOf(dst),
    to.offset,
    to.strides,
    dst.shape,
  )
}
