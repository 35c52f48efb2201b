/**
 * What an operator package needs to write a WASM kernel for one backend instance: its linear
 * memory, an allocator that counts in `memory()`, each storage's byte address, views, its own
 * WASM module instantiated on that memory, and the thread pool's jobs of numbered units.
 */
import type { DataArray, DType, Storage, TensorInfo } from '@othergrad/core/backend'
import type { WasmContext } from './context'
import {
  abortImport,
  functionExports,
  placeStatic,
  readPackageBinary,
  relocate,
  type ModuleBytes,
} from './packageModule'
import { ptrOf } from './storage'
import type { UnitFunction } from './jobs'
import type { SimdVariant } from './module'

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** A package module's two builds (what `buildPackageModule` writes): bytes or base64 each. */
export interface WasmModuleBuilds {
  /** For a plain memory: a backend on one thread. */
  readonly plain: ModuleBytes
  /** For a shared memory: a backend with `threads > 1`. */
  readonly shared: ModuleBytes
  /**
   * Both again, compiled with relaxed SIMD (`buildPackageModule({ relaxed: true })`): a backend
   * running its relaxed build (`simd === 'relaxed'`) instantiates these instead.
   */
  readonly relaxed?: { readonly plain: ModuleBytes; readonly shared: ModuleBytes }
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
  /**
   * Runs `units` units of the exported function `unit` (AssemblyScript:
   * `export function unit(index: i32, args: usize, thread: i32): void`) on every thread of the
   * backend, the caller included, and returns once all have finished. Unit `index` runs once,
   * on one thread; `args` is the byte address of the kernel's argument block (from
   * `allocBytes`), the same for every unit; `thread` is 0 on the caller and 1 .. threads - 1 on
   * the workers (to pick per-thread scratch). Units run in any order and at the same time,
   * except that with `phaseUnits: p` unit `i` starts only once every unit of an earlier phase
   * (`0 .. p - 1`, `p .. 2p - 1`, ...) has finished. Without workers the units run in order on
   * the caller. A unit that throws is reported once all have finished, naming the unit.
   */
  run(unit: string & keyof E, units: number, args: number, options?: WasmRunOptions): void
}

/** `WasmPackageModule.run`'s options. */
export interface WasmRunOptions {
  /** Units per phase: a unit starts once every unit of earlier phases has finished (default: no phases). */
  readonly phaseUnits?: number
}

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
  /** Whether the memory is shared: `instantiate` then uses a module's `shared` build. */
  readonly shared: boolean
  /** Threads a module's `run` spreads units over, the caller included (1 without workers). */
  readonly threads: number
  /**
   * The backend's build of its own kernels: `'relaxed'` when the engine runs relaxed SIMD (and
   * it was not forced off), so a package that ships relaxed-SIMD builds of its module may pick
   * them; `'simd128'` otherwise.
   */
  readonly simd: SimdVariant
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
   * The same `builds` object gives the same instance on one backend, so the kernels of one
   * package (a forward and its backward) can each ask for the module and share it.
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
  const { store, heap, pool } = ctx
  const memory = heap.memory
  const shared =
    typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer
  // One instance per builds object on this backend, however many kernels ask for it.
  const modules = new WeakMap<WasmModuleBuilds, Promise<WasmPackageModule<WasmModuleExports>>>()
  async function instantiateModule(
    name: string,
    builds: WasmModuleBuilds,
  ): Promise<WasmPackageModule<WasmModuleExports>> {
    const variant = ctx.simd === 'relaxed' && builds.relaxed !== undefined ? builds.relaxed : builds
    const binary = readPackageBinary(name, shared ? variant.shared : variant.plain)
    if (binary.shared !== shared) {
      const build = shared ? 'shared' : 'plain'
      throw new Error(
        `wasm: the module of '${name}' given as its ${build} build imports a ${binary.shared ? 'shared' : 'plain'} memory, but backend '${store.backend}' has a ${shared ? 'shared' : 'plain'} one (the builds are swapped?)`,
      )
    }
    const size = binary.image.length
    const region = size > 0 ? heap.alloc(size) : 0
    let module: WebAssembly.Module
    let instance: WebAssembly.Instance
    let bytes: Uint8Array
    try {
      if (size > 0) placeStatic(binary, heap.u8, region)
      bytes = relocate(binary, region)
      module = await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>)
      const env = { memory, abort: abortImport(name, memory) }
      instance = await WebAssembly.instantiate(module, { env })
    } catch (error) {
      if (size > 0) heap.release(region)
      throw new Error(`wasm: cannot instantiate the module of '${name}': ${reasonOf(error)}`)
    }
    const { names, functions } = functionExports(module, instance)
    const units = functions as UnitFunction[]
    const id = pool?.addModule(heap, name, bytes, units) ?? -1
    const failed = (unit: number, fn: string, error: unknown, where = ''): Error =>
      new Error(
        `wasm: unit ${unit} of '${fn}' in the module of '${name}' failed${where}: ${reasonOf(error)}`,
        { cause: error },
      )
    return {
      name,
      exports: instance.exports as WasmModuleExports,
      staticBase: region,
      staticBytes: size,
      run(unit, count, args, options = {}) {
        const fn = names.indexOf(unit)
        if (fn < 0) {
          throw new Error(
            `wasm: the module of '${name}' exports no function '${unit}' to run as units (it exports ${names.join(', ')})`,
          )
        }
        if (!Number.isInteger(count) || count < 0) {
          throw new Error(`wasm: units must be a non-negative integer, got ${count}`)
        }
        const phaseUnits = options.phaseUnits ?? 0
        if (!Number.isInteger(phaseUnits) || phaseUnits < 0) {
          throw new Error(`wasm: phaseUnits must be a non-negative integer, got ${phaseUnits}`)
        }
        if (pool === null || count <= 1) {
          let i = 0
          try {
            for (; i < count; i++) units[fn](i, args, 0)
          } catch (error) {
            throw failed(i, unit, error)
          }
          return
        }
        const failure = pool.runUnits(id, fn, count, args, phaseUnits)
        if (failure === null) return
        if ('error' in failure) throw failed(failure.unit, unit, failure.error)
        // It threw on a worker, whose error stayed there: run it here for the message.
        try {
          units[fn](failure.unit, args, 0)
        } catch (error) {
          throw failed(failure.unit, unit, error, ' on a worker thread')
        }
        throw failed(
          failure.unit,
          unit,
          'it threw on a worker thread, but not when run again on the calling thread',
        )
      },
    }
  }

  return {
    memory,
    shared,
    threads: pool?.size ?? 1,
    simd: ctx.simd,
    ptr: ptrOf,
    alloc(dtype, size) {
      const storage = store.alloc(dtype, size)
      return { storage, ptr: storage.ptr }
    },
    allocBytes: (bytes) => heap.alloc(bytes),
    free: (ptr) => heap.release(ptr),
    view: (dtype, ptr, size) => store.view(dtype, ptr, size),
    instantiate<E extends object>(name: string, builds: WasmModuleBuilds) {
      let module = modules.get(builds)
      if (module === undefined) {
        module = instantiateModule(name, builds)
        modules.set(builds, module)
        // A failure is not kept: the next call tries again (and fails again, saying why).
        module.catch(() => modules.delete(builds))
      }
      return module as Promise<WasmPackageModule<E>>
    },
  }
}
