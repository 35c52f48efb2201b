import {
  allocArray,
  BINARY_OPS,
  fusedRows,
  kernelTable,
  primitiveRows,
} from '@othergrad/core/backend'
import type { Backend, DataArray, DType, Storage } from '@othergrad/core/backend'
import { cpuFusedKernels, cpuKernels } from './kernels'
import { CpuStore, cpuStorage } from './storage'
import { cpuKernelApi } from './kernelApi'

export interface CpuBackendOptions {
  /**
   * The name the backend registers under and shows in errors (default `'cpu'`). Another name
   * lets a second CPU instance, e.g. a float64 reference, live beside the first.
   */
  name?: string
}

/**
 * The CPU backend: kernels in plain TypeScript on typed arrays, synchronous reads included.
 *
 * @example
 * use(cpuBackend())
 * await setBackend('cpu')
 */
export function cpuBackend(options: CpuBackendOptions = {}): Backend {
  const name = options.name ?? 'cpu'
  const store = new CpuStore(name)

  function readSync(storage: Storage, _dtype: DType, size: number): DataArray {
    return cpuStorage(storage).values.slice(0, size)
  }

  const storageOps = {
    write(values: DataArray, dtype: DType): Storage {
      const copy = allocArray(dtype, values.length)
      copy.set(values)
      return store.wrap(copy)
    },
    // async, so a bad handle rejects the promise instead of throwing at the call.
    read: async (storage: Storage, dtype: DType, size: number) => readSync(storage, dtype, size),
    readSync,
    fill(size: number, value: number, dtype: DType): Storage {
      const out = store.alloc(dtype, size)
      // A bool is `value != 0`; a Uint8Array store alone would keep 2 as 2 and wrap 256 to 0.
      out.values.fill(dtype === 'bool' ? (value !== 0 ? 1 : 0) : value)
      return out
    },
    copyInto(target: Storage, source: Storage, _dtype: DType, size: number): void {
      cpuStorage(target).values.set(cpuStorage(source).values.subarray(0, size))
    },
    disposeStorage: (storage: Storage) => store.dispose(storage),
    memory: () => store.memory(),
  }
  const backend: Backend = {
    name,
    kind: 'cpu',
    ...storageOps,
    kernels: kernelTable(
      name,
      '@othergrad/backend-cpu',
      {
        ...primitiveRows({ ...cpuKernels(store), ...storageOps }),
        ...fusedRows(cpuFusedKernels(store)),
      },
      // Binary ops read views through their strides: a transposed or sliced operand is no copy.
      { strided: BINARY_OPS },
    ),
    kernelApi: cpuKernelApi(store),
  }
  return backend
}
