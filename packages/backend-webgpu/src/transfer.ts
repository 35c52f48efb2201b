/** Moving tensor data between host typed arrays and GPU storage. */
import type { DataArray, DType, Storage } from '@othergrad/core/backend'
import { ELEMENT_BYTES, gpuBuffer, gpuDType, type GpuStorage } from './storage'
import type { GpuStore } from './store'

/**
 * New storage holding `values` (already of `dtype`'s array type); bools widen to one u32 each,
 * uint8/int8/int16 to one i32 each.
 */
export function upload(store: GpuStore, values: DataArray, dtype: DType): GpuStorage {
  const d = gpuDType(store.name, dtype)
  const out = store.alloc(values.length)
  if (values.length === 0) return out
  const words =
    d === 'bool'
      ? Uint32Array.from(values)
      : values.BYTES_PER_ELEMENT < ELEMENT_BYTES
        ? Int32Array.from(values)
        : values
  store.rt.write(out.buffer!, words)
  return out
}

/** The first `size` elements of `storage` as `dtype`'s host array (bools narrow back to bytes). */
export async function download(
  store: GpuStore,
  storage: Storage,
  dtype: DType,
  size: number,
): Promise<DataArray> {
  const d = gpuDType(store.name, dtype)
  const buffer = gpuBuffer(storage)
  const bytes = size === 0 ? new ArrayBuffer(0) : await store.rt.read(buffer, size * ELEMENT_BYTES)
  if (d === 'float32') return new Float32Array(bytes)
  if (dtype === 'int32') return new Int32Array(bytes)
  // Narrow types come back from their widened words (the values are in range).
  if (dtype === 'int16') return Int16Array.from(new Int32Array(bytes))
  if (dtype === 'int8') return Int8Array.from(new Int32Array(bytes))
  return Uint8Array.from(new Uint32Array(bytes))
}
