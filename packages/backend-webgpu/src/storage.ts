/** GPU storage handles and the dtype rules of the WebGPU backend. */
import type { DType, Storage, TensorInfo } from '@othergrad/core/backend'
import type { PooledBuffer } from './bufferPool'

/**
 * The dtypes the GPU holds: WGSL has no f64, bools are stored as one u32 each, and uint8, int8
 * and int16 (WGSL has no 8- or 16-bit types) are widened to one i32 each, holding values in
 * their range (`smallIntWrap` brings a cast result back into it).
 */
export type GpuDType = 'float32' | 'int32' | 'bool'

/** The WGSL element type of a dtype's storage. */
export type WgslType = 'f32' | 'i32' | 'u32'

/** Every dtype is 4 bytes per element on the GPU (bools too). */
export const ELEMENT_BYTES = 4

/** `dtype` as a GPU dtype; float64 is a clear error, since WGSL has no f64. */
export function gpuDType(backend: string, dtype: DType): GpuDType {
  if (dtype === 'float64') {
    throw new Error(`${backend}: float64 is not supported; use float32`)
  }
  return dtype === 'uint8' || dtype === 'int8' || dtype === 'int16' ? 'int32' : dtype
}

/**
 * WGSL that wraps an i32 `v` to a narrow dtype, as a store to a C integer of that width does
 * (uint8 300 is 44, int8 200 is -56); undefined for other dtypes.
 */
export function smallIntWrap(dtype: DType, v: string): string | undefined {
  if (dtype === 'uint8') return `(${v} & 255i)`
  if (dtype === 'int8') return `((${v} << 24u) >> 24u)`
  if (dtype === 'int16') return `((${v} << 16u) >> 16u)`
  return undefined
}

export function wgslType(dtype: GpuDType): WgslType {
  return dtype === 'float32' ? 'f32' : dtype === 'int32' ? 'i32' : 'u32'
}

/** A tensor's storage on the GPU: one pooled buffer, owned until `disposeStorage`. */
export class GpuStorage implements Storage {
  readonly backend: string
  /** Elements held (the buffer may be larger: pool buckets round sizes up). */
  readonly size: number
  buffer: PooledBuffer | null

  constructor(backend: string, buffer: PooledBuffer, size: number) {
    this.backend = backend
    this.buffer = buffer
    this.size = size
  }

  /** Bytes of tensor data, at least 4 so that empty tensors still bind a valid range. */
  get bytes(): number {
    return Math.max(ELEMENT_BYTES, this.size * ELEMENT_BYTES)
  }
}

/** The live buffer behind `storage`; a disposed or foreign handle is a bug in core, not user input. */
export function gpuBuffer(storage: Storage): PooledBuffer {
  if (!(storage instanceof GpuStorage) || storage.buffer === null) {
    const why =
      storage instanceof GpuStorage
        ? 'was already disposed'
        : `belongs to backend '${storage.backend}'`
    throw new Error(`webgpu: storage ${why}`)
  }
  return storage.buffer
}

/** The storage of a kernel operand. */
export function gpuStorage(x: TensorInfo): GpuStorage {
  gpuBuffer(x.storage)
  return x.storage as GpuStorage
}
