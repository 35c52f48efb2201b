/**
 * What an operator package needs to write a WASM kernel for one backend instance: its linear
 * memory, an allocator that counts in `memory()`, each storage's byte address, and views.
 */
import type { DataArray, DType, Storage, TensorInfo } from '@othergrad/core/backend'
import type { WasmContext } from './context'
import { ptrOf } from './storage'

/**
 * A WebAssembly memory as a kernel sees it: `WebAssembly.Memory`'s members, spelled out so that
 * the package's published types need no DOM library (Node projects without `"dom"` in their
 * `lib` have no `WebAssembly` types). A `WebAssembly.Memory` is one, and this is assignable to it.
 */
export interface WasmMemory {
  /** The memory's bytes (a `SharedArrayBuffer` when the backend runs threads). */
  readonly buffer: ArrayBuffer
  /** Grows the memory by `delta` 64 KiB pages; returns the previous size in pages. */
  grow(delta: number): number
}

/** A wasm backend's memory and allocator, for one backend instance. */
export interface WasmKernelApi {
  /** The backend's linear memory (shared when it runs threads). */
  readonly memory: WasmMemory
  /** The byte address of an input's first element. */
  ptr(x: TensorInfo): number
  /** New storage for `size` elements of `dtype` (contents undefined) and its byte address. */
  alloc(dtype: DType, size: number): { storage: Storage; ptr: number }
  /**
   * A typed-array view of `size` elements of `dtype` at `ptr`. Valid until the next allocation,
   * which may grow the memory: allocate outputs first, then take views.
   */
  view(dtype: DType, ptr: number, size: number): DataArray
}

/**
 * The kernel-author entry of one wasm backend, its `kernelApi` once initialised. A package
 * kernel's `create` receives it.
 *
 * @example
 * import type { WasmKernelApi } from '@othergrad/backend-wasm'
 *
 * create: (wasm: WasmKernelApi) => ([x], _, [out]) => {
 *   const n = numel(out.shape)
 *   const { storage, ptr } = wasm.alloc(out.dtype, n)
 *   myExports.kernel(wasm.ptr(x), ptr, n)
 *   return storage
 * }
 */
export function wasmKernelApi(ctx: WasmContext): WasmKernelApi {
  const { store, heap } = ctx
  return {
    memory: heap.memory,
    ptr: ptrOf,
    alloc(dtype, size) {
      const storage = store.alloc(dtype, size)
      return { storage, ptr: storage.ptr }
    },
    view: (dtype, ptr, size) => store.view(dtype, ptr, size),
  }
}
