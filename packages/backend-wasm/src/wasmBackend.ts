import {
  BINARY_OPS,
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
import { compileKernels, instantiateKernels } from './module'
import { WasmStore, wasmStorage } from './storage'
import { ThreadPool, threadsAvailable } from './threads'
import { wasmKernelApi, type WasmKernelApi } from './kernelApi'

export interface WasmBackendOptions {
  /**
   * Threads for large float32 matmuls, the calling thread included (default 1). Needs shared
   * memory: Node, or a cross-origin isolated page; elsewhere the backend quietly uses one.
   */
  threads?: number
  /** The name the backend registers under and shows in errors (default `'wasm'`). */
  name?: string
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
      threads: ctx.pool?.size ?? 1,
      threadedMatmuls: ctx.pool?.rounds ?? 0,
      threadedMaps: ctx.pool?.maps ?? 0,
      threadedUnitJobs: ctx.pool?.packageJobs ?? 0,
      workerUnits: ctx.pool?.workerUnits ?? 0,
    }),
  }
}

/**
 * The WebAssembly backend: SIMD128 kernels compiled from AssemblyScript, tensors in one linear
 * memory managed by a free-list allocator, synchronous reads, and optionally worker threads for
 * large matmuls. `init()` (awaited by `setBackend`) compiles and instantiates the module.
 *
 * @example
 * use(wasmBackend({ threads: 2 }))
 * await setBackend('wasm')
 */
export function wasmBackend(options: WasmBackendOptions = {}): Backend {
  const name = options.name ?? 'wasm'
  const threads = Math.max(1, Math.floor(options.threads ?? 1))
  let initialising: Promise<void> | undefined

  // The table fills at init, when the module and memory exist; the registry keeps ops off the
  // backend until then.
  let kernels = new KernelTable(name)
  let api: WasmKernelApi | undefined
  const backend = {
    name,
    kind: 'wasm',
    init: () => (initialising ??= initialise()),
    get kernels() {
      return kernels
    },
    get kernelApi() {
      return api
    },
  } as Backend
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
    const module = await compileKernels(shared)
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
    const ctx: WasmContext = { store, heap, exports, layout, scalars, gemmScratch, pool }
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
