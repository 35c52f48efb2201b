/** WASM storage: a block of the backend's linear memory, plus the counts behind `memory()`. */
import { bytesPerElement, numel } from '@othergrad/core/backend'
import type { DataArray, DType, MemoryInfo, Storage, TensorInfo } from '@othergrad/core/backend'
import type { WasmHeap } from './heap'

/** A block of linear memory owned by exactly one `WasmStore`. `ptr` is a byte address. */
export class WasmStorage implements Storage {
  readonly backend: string
  readonly ptr: number
  readonly bytes: number
  disposed = false

  constructor(backend: string, ptr: number, bytes: number) {
    this.backend = backend
    this.ptr = ptr
    this.bytes = bytes
  }
}

/** Creates and releases storage for one backend instance and keeps its memory statistics. */
export class WasmStore {
  readonly backend: string
  readonly heap: WasmHeap
  private bytes = 0
  private buffers = 0
  private peakBytes = 0

  constructor(backend: string, heap: WasmHeap) {
    this.backend = backend
    this.heap = heap
  }

  /** New storage for `size` elements of `dtype`, contents undefined (kernels overwrite it). */
  alloc(dtype: DType, size: number): WasmStorage {
    const bytes = size * bytesPerElement(dtype)
    // Empty tensors get no block: nothing reads or writes them.
    const ptr = bytes === 0 ? 0 : this.heap.alloc(bytes)
    this.bytes += bytes
    this.buffers++
    if (this.bytes > this.peakBytes) this.peakBytes = this.bytes
    return new WasmStorage(this.backend, ptr, bytes)
  }

  dispose(storage: Storage): void {
    const s = wasmStorage(storage)
    s.disposed = true
    this.bytes -= s.bytes
    this.buffers--
    if (s.bytes > 0) this.heap.release(s.ptr)
  }

  memory(): MemoryInfo {
    const heap = this.heap.stats()
    return {
      bytes: this.bytes,
      buffers: this.buffers,
      peakBytes: this.peakBytes,
      heapSize: heap.heapSize,
      heapTop: heap.heapTop,
      heapUsed: heap.usedBytes,
      heapFree: heap.freeBytes,
      heapGrows: heap.grows,
    }
  }

  /**
   * A typed-array view of `size` elements at `ptr`. Valid only until the next allocation,
   * which may grow the memory: kernels allocate their output first, then take views.
   */
  view(dtype: DType, ptr: number, size: number): DataArray {
    const h = this.heap
    switch (dtype) {
      case 'float32':
        return h.f32.subarray(ptr >>> 2, (ptr >>> 2) + size)
      case 'float64':
        return h.f64.subarray(ptr >>> 3, (ptr >>> 3) + size)
      case 'int32':
        return h.i32.subarray(ptr >>> 2, (ptr >>> 2) + size)
      // Rare dtypes get a fresh view rather than a cached one per memory growth.
      case 'int16':
        return new Int16Array(h.u8.buffer, ptr, size)
      case 'int8':
        return new Int8Array(h.u8.buffer, ptr, size)
      default:
        return h.u8.subarray(ptr, ptr + size)
    }
  }
}

/** The storage as live `WasmStorage`; a disposed or foreign handle is a bug in core, not user input. */
export function wasmStorage(storage: Storage): WasmStorage {
  if (!(storage instanceof WasmStorage) || storage.disposed) {
    const why =
      storage instanceof WasmStorage
        ? 'was already disposed'
        : `belongs to backend '${storage.backend}'`
    throw new Error(`wasm: storage ${why}`)
  }
  return storage
}

/** The byte address of a kernel operand. */
export function ptrOf(x: TensorInfo): number {
  return wasmStorage(x.storage).ptr
}

/** A view of a kernel operand's elements (see `WasmStore.view` for how long it stays valid). */
export function valuesOf(store: WasmStore, x: TensorInfo): DataArray {
  return store.view(x.dtype, ptrOf(x), numel(x.shape))
}
