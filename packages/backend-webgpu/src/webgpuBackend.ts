import {
  checkNumberOption,
  checkOptionKeys,
  fusedRows,
  kernelTable,
  primitiveRows,
} from '@othergrad/core/backend'
import type { Backend, DType, Storage, StorageOps } from '@othergrad/core/backend'
import { checkIndexRange } from './kernels/checkIndexRange'
import { fill } from './kernels/fill'
import { gpuFusedKernels, gpuKernels } from './kernels'
import { DEVICE_LIMITS, GpuRuntime } from './runtime'
import { ELEMENT_BYTES, gpuBuffer, gpuDType } from './storage'
import { GpuStore } from './store'
import { webgpuKernelApi, type WebGpuKernelApi } from './kernelApi'
import { download, upload } from './transfer'

/** `webgpuBackend`'s options. */
export interface WebGpuBackendOptions {
  /**
   * A device to run on as it is; nothing is requested then. (With Dawn in Node, keep its GPU
   * object referenced: Dawn tears its devices down when that is collected.)
   */
  device?: GPUDevice
  /** The WebGPU entry point, or a function resolving it (default: `navigator.gpu`). */
  gpu?: GPU | (() => Promise<GPU>)
  /**
   * Adapter request options. By default a core adapter is tried first, then a compatibility
   * one (`{ featureLevel: 'compatibility' }`, e.g. OpenGL ES).
   */
  adapterOptions?: GPURequestAdapterOptions
  /** Commands recorded before a submit even without a read (default 256). */
  maxBatch?: number
  /** Bytes of free buffers kept for reuse at most (default 128 MiB). */
  maxPoolBytes?: number
  /** Submits a free buffer may stay unused before it is destroyed (default 64). */
  maxIdleFlushes?: number
}

const OPTION_KEYS = [
  'device',
  'gpu',
  'adapterOptions',
  'maxBatch',
  'maxPoolBytes',
  'maxIdleFlushes',
] as const

/** Known keys only, and whole numbers for the limits (`nodeWebgpuBackend` adds `dawnFlags`). */
export function checkWebGpuOptions(
  op: string,
  options: WebGpuBackendOptions,
  extra: readonly string[] = [],
): void {
  checkOptionKeys(op, options, [...OPTION_KEYS, ...extra])
  const { maxBatch, maxPoolBytes, maxIdleFlushes } = options
  if (maxBatch !== undefined) checkNumberOption(op, 'maxBatch', maxBatch, { min: 1, integer: true })
  if (maxPoolBytes !== undefined)
    checkNumberOption(op, 'maxPoolBytes', maxPoolBytes, { min: 0, integer: true })
  if (maxIdleFlushes !== undefined)
    checkNumberOption(op, 'maxIdleFlushes', maxIdleFlushes, { min: 0, integer: true })
}

function defaultGpu(): GPU {
  const gpu = typeof navigator === 'undefined' ? undefined : navigator.gpu
  if (gpu === undefined) {
    throw new Error(
      "webgpu: navigator.gpu is not available. In Node use nodeWebgpuBackend() from '@othergrad/backend-webgpu/node' (npm package 'webgpu'), or pass { device } or { gpu }",
    )
  }
  return gpu
}

/** Requests an adapter (core first, then compatibility) and a device at the adapter's limits. */
export async function requestDevice(
  gpu: GPU,
  adapterOptions?: GPURequestAdapterOptions,
): Promise<GPUDevice> {
  const attempts = adapterOptions ? [adapterOptions] : [{}, { featureLevel: 'compatibility' }]
  let adapter: GPUAdapter | null = null
  for (const options of attempts) {
    adapter = await gpu.requestAdapter(options)
    if (adapter !== null) break
  }
  if (adapter === null) {
    throw new Error(
      `webgpu: no GPU adapter is available (tried ${attempts.map((a) => JSON.stringify(a)).join(', ')})`,
    )
  }
  // The limits kernels adapt to, at the adapter's best rather than the spec's defaults.
  const requiredLimits: Record<string, number> = {}
  for (const name of DEVICE_LIMITS) requiredLimits[name] = adapter.limits[name]
  return adapter.requestDevice({ requiredLimits })
}

/**
 * The WebGPU backend: WGSL compute kernels, in browsers (`navigator.gpu`) and in Node through
 * Dawn (see `nodeWebgpuBackend`). float32, int32 and bool tensors; reads are asynchronous only.
 *
 * @example
 * use(webgpuBackend())
 * await setBackend('webgpu')
 * const y = tensor([1, 2, 3]).mul(2)
 * await y.data() // Float32Array [2, 4, 6]
 */
export function webgpuBackend(options: WebGpuBackendOptions = {}): Backend {
  checkWebGpuOptions('webgpuBackend', options)
  const name = 'webgpu'
  const store = new GpuStore(name)

  const storageOps: StorageOps = {
    write: (values, dtype) => upload(store, values, dtype),
    read: (storage, dtype, size) => download(store, storage, dtype, size),
    fill: (size, value, dtype) => fill(store, size, value, dtype),
    copyInto(target: Storage, source: Storage, dtype: DType, size: number): void {
      gpuDType(name, dtype)
      if (size === 0) return
      store.rt.copy(gpuBuffer(source), gpuBuffer(target), size * ELEMENT_BYTES)
    },
    disposeStorage: (storage) => store.dispose(storage),
    memory: () => store.memory(),
  }
  let api: WebGpuKernelApi | undefined
  const backend: Backend = {
    name,
    kind: 'webgpu',
    get kernelApi() {
      return api
    },
    async init(): Promise<void> {
      let device = options.device
      let gpu: GPU | undefined
      if (device === undefined) {
        gpu =
          typeof options.gpu === 'function' ? await options.gpu() : (options.gpu ?? defaultGpu())
        device = await requestDevice(gpu, options.adapterOptions)
      }
      const rt = new GpuRuntime(device, {
        maxBatch: options.maxBatch ?? 256,
        maxPoolBytes: options.maxPoolBytes ?? 128 * 1024 * 1024,
        maxIdleFlushes: options.maxIdleFlushes ?? 64,
        gpu,
      })
      store.attach(rt)
      api = webgpuKernelApi(store)
    },
    sync: () => store.rt.sync(),
    ...storageOps,
    kernels: kernelTable(name, '@othergrad/backend-webgpu', {
      ...primitiveRows({ ...gpuKernels(store), ...storageOps }),
      ...fusedRows(gpuFusedKernels(store)),
      checkIndexRange: ([index], attrs) => checkIndexRange(store, index, attrs),
    }),
  }
  return backend
}
