import { bytesPerElement, numel, stridesOf } from '@othergrad/core/backend'
import type { DataArray, MovementKernels, TensorInfo } from '@othergrad/core/backend'
import { copyBlock, placementOf } from '@othergrad/kernels-js'
import type { WasmContext } from '../context'
import { wasmStorage, type WasmStore } from '../storage'

/** Every element of an operand's storage (a view may reach any of them). */
function storageValues(store: WasmStore, x: TensorInfo): DataArray {
  const s = wasmStorage(x.storage)
  return store.view(x.dtype, s.ptr, s.bytes / bytesPerElement(x.dtype))
}

/** A contiguous copy of the view `x` (any strides and offset). */
export function contiguousKernel(ctx: WasmContext): MovementKernels['contiguous'] {
  const { store } = ctx
  return (x) => {
    const count = numel(x.shape)
    const out = store.alloc(x.dtype, count)
    if (count === 0) return out
    const { strides, offset } = placementOf(x)
    const to = store.view(x.dtype, out.ptr, count)
    copyBlock(storageValues(store, x), offset, strides, to, 0, stridesOf(x.shape), x.shape)
    return out
  }
}

/** Writes the view `src` into the view `dst` (both through their strides). */
export function assignKernel(ctx: WasmContext): MovementKernels['assign'] {
  const { store } = ctx
  return (dst, src) => {
    if (numel(dst.shape) === 0) return
    const from = placementOf(src)
    const to = placementOf(dst)
    const target = storageValues(store, dst)
    copyBlock(
      storageValues(store, src),
      from.offset,
      from.strides,
      target,
      to.offset,
      to.strides,
      dst.shape,
    )
  }
}
