import {
  BINARY_OPS,
  checkNumberOption,
  checkOptionKeys,
  fusedRows,
  kernelTable,
  KernelTable,
  primitiveRows,
} from '@othergrad/core/backend'
import type { Backend, DataArray, DType, Storage, StorageOps } from '@othergrad/core/backend'
import type { WasmContext } from './context'
import { LAYOUT_WORDS } from './context'
import { WasmHeap } from './heap'
import { wasmFusedKernels, wasmKernels } from './kernels'
import {
  compileKernels,
  enableRelaxedSimd,
  instantiateKernels,
  relaxedSimdSupported,
} from './module'
import type { SimdVariant } from './module'
import { WasmStore, wasmStorage } from './storage'
import { ThreadPool, threadsAvailable } from './threads'
import { wasmKernelApi, type WasmKernelApi } from './kernelApi'

/** `wasmBackend`'s options. */
export interface WasmBackendOptions {
  /**
   * Threads for large float32 matmuls, the calling thread included (default 1). Needs shared
   * memory: Node, or a cross-origin isolated page; elsewhere the backend quietly uses one.
   */
  threads?: number
  /** The name the backend registers under and shows in errors (default `'wasm'`). */
  name?: string
  /**
   * Which build of the kernels to run (default: `'relaxed'` where the engine has relaxed SIMD,
   * else `'simd128'`). `'relaxed'` fuses the matmul's multiply-adds (one rounding instead of two,
   * so float32 results differ from `'simd128'`'s in the last bits); asking for it in Node 20
   * turns on V8's `--experimental-wasm-relaxed-simd` (see `enableRelaxedSimd`), and where the
   * engine lacks relaxed SIMD it throws. `'simd128'` runs everywhere WebAssembly SIMD does.
   */
  simd?: SimdVariant
}

/** A wasm backend: a `Backend` that also says which build of the kernels it runs. */
export interface WasmBackend extends Backend {
  /** The kernels' build: `'relaxed'` (relaxed SIMD, fused multiply-add) or `'simd128'`. */
  readonly simd: SimdVariant
}

// 4 MiB to start: the matmul scratch and a small model fit without growing.
const INITIAL_PAGES = 64
// The most a wasm32 memory can address (4 GiB); shared memories must declare a maximum.
const MAX_PAGES = 65536

const STORAGE_OPS: readonly (keyof StorageOps)[] = [
  'write',
  'read',
  'readSync',
  'fill',
  'copyInto',
  'disposeStorage',
  'memory',
]

function createMemory(shared: boolean): WebAssembly.Memory {
  if (!shared) return new WebAssembly.Memory({ initial: INITIAL_PAGES })
  try {
    return new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAX_PAGES, shared: true })
  } catch {
    // Some browsers refuse to reserve 4 GiB up front; 1 GiB still trains an MNIST MLP.
    return new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAX_PAGES / 4, shared: true })
  }
}

/** Storage ops over the context's allocator; `read` is `readSync` resolved. */
function storageOps(ctx: WasmContext): StorageOps {
  const { store, heap } = ctx
  function readSync(storage: Storage, dtype: DType, size: number): DataArray {
    // slice() copies into a fresh (unshared) array the caller owns.
    return store.view(dtype, wasmStorage(storage).ptr, size).slice()
  }
  return {
    write(values: DataArray, dtype: DType): Storage {
      const out = store.alloc(dtype, values.length)
      if (values.length > 0) store.view(dtype, out.ptr, values.length).set(values)
      return out
    },
    read: (storage, dtype, size) => Promise.resolve(readSync(storage, dtype, size)),
    readSync,
    fill(size: number, value: number, dtype: DType): Storage {
      const out = store.alloc(dtype, size)
      // A bool is `value != 0`; a byte store alone would keep 2 as 2 and wrap 256 to 0.
      if (size > 0) store.view(dtype, out.ptr, size).fill(dtype === 'bool' ? +(value !== 0) : value)
      return out
    },
    copyInto(target: Storage, source: Storage, dtype: DType, size: number): void {
      const from = wasmStorage(source).ptr
      const bytes = store.view(dtype, from, size).byteLength
      heap.u8.copyWithin(wasmStorage(target).ptr, from, from + bytes)
    },
    disposeStorage: (storage) => store.dispose(storage),
    memory: () => ({
      ...store.memory(),
      // memory() reports numbers only: 1 for the relaxed-SIMD build, 0 for SIMD128.
      relaxedSimd: ctx.simd === 'relaxed' ? 1 : 0,
      threads: ctx.pool?.size ?? 1,
      threadedMatmuls: ctx.pool?.rounds ?? 0,
      threadedMaps: ctx.pool?.maps ?? 0,
      threadedUnitJobs: ctx.pool?.packageJobs ?? 0,
      workerUnits: ctx.pool?.workerUnits ?? 0,
    }),
  }
}

/** The `simd` option checked, or the variant this engine runs best. */
function simdVariant(option: unknown): SimdVariant {
  if (option === undefined) return relaxedSimdSupported() ? 'relaxed' : 'simd128'
  if (option !== 'relaxed' && option !== 'simd128') {
    throw new Error(
      `wasmBackend: simd must be 'relaxed' or 'simd128', got ${typeof option === 'string' ? `'${option}'` : String(option)}`,
    )
  }
  // Asking for it by name in Node 20 turns on V8's flag (see enableRelaxedSimd).
  if (option === 'relaxed' && !enableRelaxedSimd()) {
    throw new Error(
      "wasmBackend: simd 'relaxed' is not supported by this WebAssembly engine (relaxed SIMD needs Chromium 114+, Firefox 146+, Node 22+, or Node 20.16+); use simd: 'simd128', or leave the option out to detect",
    )
  }
  return option
}

/**
 * The WebAssembly backend: SIMD kernels compiled from AssemblyScript, tensors in one linear
 * memory managed by a free-list allocator, synchronous reads, and optionally worker threads for
 * large matmuls. `init()` (awaited by `setBackend`) compiles and instantiates the module. Its
 * `simd` property says which build of the kernels runs (relaxed SIMD where the engine has it).
 *
 * @example
 * use(wasmBackend({ threads: 2 }))
 * await setBackend('wasm')
 */
export function wasmBackend(options: WasmBackendOptions = {}): WasmBackend {
  checkOptionKeys('wasmBackend', options, ['threads', 'name', 'simd'])
  const name = options.name ?? 'wasm'
  const threads = checkNumberOption('wasmBackend', 'threads', options.threads ?? 1, {
    min: 1,
    integer: true,
  })
  const simd = simdVariant(options.simd)
  let initialising: Promise<void> | undefined

  // The table fills at init, when the module and memory exist; the registry keeps ops off the
  // backend until then.
  let kernels = new KernelTable(name)
  let api: WasmKernelApi | undefined
  const backend = {
    name,
    kind: 'wasm',
    simd,
    init: () => (initialising ??= initialise()),
    get kernels() {
      return kernels
    },
    get kernelApi() {
      return api
    },
  } as WasmBackend
  for (const kernel of STORAGE_OPS) {
    Object.assign(backend, {
      [kernel]: () => {
        throw new Error(
          `${kernel}: backend '${name}' is not initialised yet; await setBackend('${name}') first`,
        )
      },
    })
  }

  async function initialise(): Promise<void> {
    const shared = threads > 1 && threadsAvailable()
    const module = await compileKernels(shared, simd)
    const memory = createMemory(shared)
    const exports = await instantiateKernels(module, memory)
    const heap = new WasmHeap(memory, exports.heapBase())
    const store = new WasmStore(name, heap)
    const layout = heap.alloc(LAYOUT_WORDS * 4)
    const scalars = heap.alloc(16 * 8)
    const gemmScratch = heap.alloc(exports.gemmScratchBytes())
    const pool = shared
      ? await ThreadPool.create(module, heap, exports, threads, gemmScratch)
      : null
    const ctx: WasmContext = { store, heap, exports, layout, scalars, gemmScratch, pool, simd }
    const storage = storageOps(ctx)
    Object.assign(backend, storage)
    kernels = kernelTable(
      name,
      '@othergrad/backend-wasm',
      {
        ...primitiveRows({ ...wasmKernels(ctx), ...storage }),
        ...fusedRows(wasmFusedKernels(ctx)),
      },
      // Binary ops read views through their strides: a transposed or sliced operand is no copy.
      { strided: BINARY_OPS },
    )
    api = wasmKernelApi(ctx)
  }

  return backend
}
