/**
 * What an operator package needs to write a CPU kernel: the typed array behind each input's
 * storage and new storage for its outputs, with no copies in between.
 */
import { allocArray, numel } from '@othergrad/core/backend'
import type { DataArray, DTypeArrayMap, DType, Storage, TensorInfo } from '@othergrad/core/backend'
import { cpuStorage, type CpuStore } from './storage'

/** A CPU backend's allocator and views, for one backend instance. */
export interface CpuKernelApi {
  /** The typed array holding `x`'s elements (row-major, `numel(x.shape)` long); not a copy. */
  data<D extends DType>(x: TensorInfo & { dtype: D }): DTypeArrayMap[D]
  /** New zero-filled storage for `size` elements of `dtype`, and its typed array to fill. */
  alloc<D extends DType>(dtype: D, size: number): { storage: Storage; data: DTypeArrayMap[D] }
}

/**
 * The kernel-author entry of one CPU backend, its `kernelApi`: typed-array views of storage and
 * an allocator that counts in `memory()`. A package kernel's `create` receives it.
 *
 * @example
 * import type { CpuKernelApi } from '@othergrad/backend-cpu'
 *
 * const softplusCpu: KernelSpec = {
 *   op: 'softplus',
 *   backend: 'cpu',
 *   create: (cpu: CpuKernelApi) => ([x], { beta }: SoftplusAttrs, [out]) => {
 *     const xs = cpu.data(x)
 *     const { storage, data } = cpu.alloc(out.dtype, xs.length)
 *     for (let i = 0; i < xs.length; i++) data[i] = Math.log1p(Math.exp(beta * xs[i])) / beta
 *     return storage
 *   },
 * }
 */
export function cpuKernelApi(store: CpuStore): CpuKernelApi {
  return {
    data<D extends DType>(x: TensorInfo & { dtype: D }) {
      const values = cpuStorage(x.storage).values as DTypeArrayMap[D]
      // A view of the leading elements (a narrow from 0) shares a longer storage.
      const n = numel(x.shape)
      return (values.length === n ? values : values.subarray(0, n)) as DTypeArrayMap[D]
    },
    alloc<D extends DType>(dtype: D, size: number) {
      const storage = store.wrap(allocArray(dtype, size) as DataArray)
      return { storage, data: storage.values as DTypeArrayMap[D] }
    },
  }
}
