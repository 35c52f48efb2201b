/**
 * What an operator package needs to write a WASM kernel for one backend instance: its linear
 * memory, an allocator that counts in `memory()`, each storage's byte address, views, and its
 * own WASM module instantiated on that memory.
 */
import type { DataArray, DType, Storage, TensorInfo } from '@othergrad/core/backend'
import type { WasmContext } from './context'
import {
  abortImport,
  placeStatic,
  readPackageBinary,
  relocate,
  type ModuleBytes,
} from './packageModule'
import { ptrOf } from './storage'

/** A package module's two builds (what `buildPackageModule` writes): bytes or base64 each. */
export interface WasmModuleBuilds {
  /** For a plain memory: a backend on one thread. */
  readonly plain: ModuleBytes
  /** For a shared memory: a backend with `threads > 1`. */
  readonly shared: ModuleBytes
}

/** A module's exported functions; pointers and sizes are numbers (i32), as are floats. */
export type WasmModuleExports = Record<string, (...args: number[]) => number | void>

/** A package's module, instantiated on one backend's memory. */
export interface WasmPackageModule<E extends object = WasmModuleExports> {
  /** The package's name, as given to `instantiate`. */
  readonly name: string
  /** The module's exports, bound to this backend's memory. */
  readonly exports: E
  /** The byte address of the module's static data (0 when it has none), and its size. */
  readonly staticBase: number
  readonly staticBytes: number
}

/** A wasm backend's memory and allocator, for one backend instance. */
export interface WasmKernelApi {
  /** The backend's linear memory (shared when it runs threads). */
  readonly memory: WebAssembly.Memory
  /** Whether the memory is shared: `instantiate` then uses a module's `shared` build. */
  readonly shared: boolean
  /** The byte address of an input's first element. */
  ptr(x: TensorInfo): number
  /** New storage for `size` elements of `dtype` (contents undefined) and its byte address. */
  alloc(dtype: DType, size: number): { storage: Storage; ptr: number }
  /**
   * A block of `bytes` bytes (64-byte aligned, contents undefined) for a kernel's own use: an
   * argument block, scratch. It is not a tensor: release it with `free`.
   */
  allocBytes(bytes: number): number
  /** Returns a block from `allocBytes`. */
  free(ptr: number): void
  /**
   * A typed-array view of `size` elements of `dtype` at `ptr`. Valid until the next allocation,
   * which may grow the memory: allocate outputs first, then take views.
   */
  view(dtype: DType, ptr: number, size: number): DataArray
  /**
   * Instantiates a package's module (built by `buildPackageModule`, which see for the
   * AssemblyScript flags) on this backend's memory: its `shared` build when the memory is
   * shared, else its `plain` one. Its static data goes to a block the allocator reserves, kept
   * as long as the backend. `name` (the package's) appears in every error about the module.
   */
  instantiate<E extends object = WasmModuleExports>(
    name: string,
    builds: WasmModuleBuilds,
  ): Promise<WasmPackageModule<E>>
}

/**
 * The kernel-author entry of one wasm backend, its `kernelApi` once initialised. A package
 * kernel's `create` receives it.
 *
 * @example
 * import type { WasmKernelApi } from '@othergrad/backend-wasm'
 * import { TWICE_WASM } from './generated/twiceWasm'
 *
 * create: async (wasm: WasmKernelApi) => {
 *   const { exports } = await wasm.instantiate<TwiceExports>('@acme/op-twice', TWICE_WASM)
 *   return ([x], _, [out]) => {
 *     const n = numel(out.shape)
 *     const { storage, ptr } = wasm.alloc(out.dtype, n)
 *     exports.twice(wasm.ptr(x), ptr, n)
 *     return storage
 *   }
 * }
 */
export function wasmKernelApi(ctx: WasmContext): WasmKernelApi {
  const { store, heap } = ctx
  const memory = heap.memory
  const shared =
    typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer
  return {
    memory,
    shared,
    ptr: ptrOf,
    alloc(dtype, size) {
      const storage = store.alloc(dtype, size)
      return { storage, ptr: storage.ptr }
    },
    allocBytes: (bytes) => heap.alloc(bytes),
    free: (ptr) => heap.release(ptr),
    view: (dtype, ptr, size) => store.view(dtype, ptr, size),
    async instantiate<E extends object>(name: string, builds: WasmModuleBuilds) {
      const binary = readPackageBinary(name, shared ? builds.shared : builds.plain)
      if (binary.shared !== shared) {
        const build = shared ? 'shared' : 'plain'
        throw new Error(
          `wasm: the module of '${name}' given as its ${build} build imports a ${binary.shared ? 'shared' : 'plain'} memory, but backend '${store.backend}' has a ${shared ? 'shared' : 'plain'} one (the builds are swapped?)`,
        )
      }
      const size = binary.image.length
      const region = size > 0 ? heap.alloc(size) : 0
      try {
        if (size > 0) placeStatic(binary, heap.u8, region)
        const module = await WebAssembly.compile(relocate(binary, region))
        const env = { memory, abort: abortImport(name, memory) }
        const instance = await WebAssembly.instantiate(module, { env })
        return {
          name,
          exports: instance.exports as E,
          staticBase: region,
          staticBytes: size,
        }
      } catch (error) {
        if (size > 0) heap.release(region)
        const reason = error instanceof Error ? error.message : String(error)
        throw new Error(`wasm: cannot instantiate the module of '${name}': ${reason}`)
      }
    },
  }
}
