import { numel } from '@othergrad/core/backend'
import type { DType, Storage, TensorInfo } from '@othergrad/core/backend'
import { WORKGROUP } from '../shaders/common'
import { castShader } from '../shaders/cast'
import { gpuDType, gpuStorage, smallIntWrap } from '../storage'
import { bind, operand, type GpuStore } from '../store'

/** Casts `x` to `dtype`: float → int truncates toward zero; anything → bool is `!= 0`. */
export function cast(store: GpuStore, x: TensorInfo, dtype: DType): Storage {
  const from = gpuDType(store.name, x.dtype)
  const to = gpuDType(store.name, dtype)
  const n = numel(x.shape)
  const out = store.alloc(n)
  if (n === 0) return out
  // Core has checked that every value fits (integers never wrap); the wrap keeps the i32 words
  // of uint8/int8/int16 storage canonical whatever a kernel is handed.
  const narrow = x.dtype === dtype ? undefined : dtype
  if (from === to && smallIntWrap(dtype, 'v') === undefined) {
    store.rt.copy(operand(x).buffer, bind(out).buffer, gpuStorage(x).bytes)
    return out
  }
  const { groups, span } = store.rt.grid(n, WORKGROUP)
  store.rt.dispatch(castShader(from, to, narrow), [n, span], [operand(x), bind(out)], groups)
  return out
}
