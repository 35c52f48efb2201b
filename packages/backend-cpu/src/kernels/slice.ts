import { numel, stridesOf } from '@othergrad/core/backend'
import type { DataArray, Shape, Storage, TensorInfo } from '@othergrad/core/backend'
import { copyBlock } from '../layout'
import { valuesOf } from '../storage'
import type { CpuStore } from '../storage'

/** Copies the block `[begin, begin + size)` of `x` (`shape`) into the contiguous `out`. */
export function sliceImpl(
  x: DataArray,
  shape: Shape,
  begin: readonly number[],
  size: readonly number[],
  out: DataArray,
): void {
  if (out.length === 0) return
  const strides = stridesOf(shape)
  let offset = 0
  for (let d = 0; d < shape.length; d++) offset += begin[d] * strides[d]
  copyBlock(x, offset, strides, out, 0, stridesOf(size), size)
}

/** The block `[begin, begin + size)` in every dim. */
export function slice(
  store: CpuStore,
  x: TensorInfo,
  begin: readonly number[],
  size: readonly number[],
): Storage {
  const out = store.alloc(x.dtype, numel(size))
  if (out.values.length === 0) return out
  sliceImpl(valuesOf(x), x.shape, begin, size, out.values)
  return out
}
