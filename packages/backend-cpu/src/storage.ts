/** CPU storage: a typed array per buffer, plus the byte and buffer counts behind `memory()`. */
import { allocArray } from '@othergrad/core/backend'
import type { DataArray, DType, MemoryInfo, Storage, TensorInfo } from '@othergrad/core/backend'

const RELEASED = new Uint8Array(0)

/** A CPU buffer: the typed array of its dtype, owned by exactly one `CpuStore`. */
export class CpuStorage implements Storage {
  readonly backend: string
  values: DataArray
  disposed = false

  constructor(backend: string, values: DataArray) {
    this.backend = backend
    this.values = values
  }
}

/** Creates and releases storage for one backend instance and keeps its memory statistics. */
export class CpuStore {
  readonly backend: string
  private bytes = 0
  private buffers = 0
  private peakBytes = 0

  constructor(backend: string) {
    this.backend = backend
  }

  /** Takes ownership of `values` (no copy) as new storage. */
  wrap(values: DataArray): CpuStorage {
    this.bytes += values.byteLength
    this.buffers++
    if (this.bytes > this.peakBytes) this.peakBytes = this.bytes
    return new CpuStorage(this.backend, values)
  }

  /** New zero-filled storage. */
  alloc(dtype: DType, size: number): CpuStorage {
    return this.wrap(allocArray(dtype, size))
  }

  dispose(storage: Storage): void {
    const s = cpuStorage(storage)
    this.bytes -= s.values.byteLength
    this.buffers--
    s.disposed = true
    // Drop the array now so a handle that outlives its tensor does not keep the memory alive.
    // One shared empty array: nothing reads or writes a disposed storage's values.
    s.values = RELEASED
  }

  memory(): MemoryInfo {
    return { bytes: this.bytes, buffers: this.buffers, peakBytes: this.peakBytes }
  }
}

/** The storage as a live `CpuStorage`; a disposed or foreign handle is a bug in core, not user input. */
export function cpuStorage(storage: Storage): CpuStorage {
  if (!(storage instanceof CpuStorage)) {
    throw new Error(`cpu: storage belongs to backend '${storage.backend}', not a CPU backend`)
  }
  if (storage.disposed) throw new Error(`${storage.backend}: storage used after it was disposed`)
  return storage
}

/** The typed array behind a kernel operand. */
export function valuesOf(x: TensorInfo): DataArray {
  return cpuStorage(x.storage).values
}
