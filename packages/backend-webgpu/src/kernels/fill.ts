import type { DType, Storage } from '@othergrad/core/backend'
import { WORKGROUP } from '../shaders/common'
import { fillShader } from '../shaders/fill'
import { gpuDType } from '../storage'
import { bind, type GpuStore } from '../store'

const word = new DataView(new ArrayBuffer(4))

/** The 32-bit word a value is stored as in `dtype` (bools as 0/1, integers as i32). */
export function valueBits(value: number, dtype: DType): number {
  if (dtype === 'float32') word.setFloat32(0, value, true)
  else if (dtype === 'bool') word.setUint32(0, value !== 0 ? 1 : 0, true)
  else word.setInt32(0, value, true)
  return word.getUint32(0, true)
}

/** New storage of `size` elements, all `value`; zeros are a buffer clear, no shader. */
export function fill(store: GpuStore, size: number, value: number, dtype: DType): Storage {
  gpuDType(store.name, dtype)
  const out = store.alloc(size)
  if (size === 0) return out
  const bits = valueBits(value, dtype)
  if (bits === 0) {
    store.rt.clear(bind(out).buffer, out.bytes)
    return out
  }
  const { groups, span } = store.rt.grid(size, WORKGROUP)
  store.rt.dispatch(fillShader(), [size, span, bits], [bind(out)], groups)
  return out
}
