/**
 * Test helpers for the kernel tests (which also run in the browser, see test/browser/run.mjs):
 * a store on its own device, host <-> GPU transfers, and seeded data for naive references.
 */
import type { DataArray, DType, Shape, Storage, TensorInfo } from '@othergrad/core/backend'
import { dawnGpu } from '../src/dawn'
import { GpuRuntime, type LimitName } from '../src/runtime'
import { GpuStore } from '../src/store'
import { download, upload } from '../src/transfer'
import { requestDevice } from '../src/webgpuBackend'

const gpus: GPU[] = []

/**
 * A fresh store on its own device (the page's `navigator.gpu` in a browser, Dawn in Node);
 * `limits` pretends the device is smaller than it is.
 */
export async function testStore(
  options: { limits?: Partial<Record<LimitName, number>>; defaultLimits?: boolean } = {},
): Promise<GpuStore> {
  const browserGpu = typeof navigator === 'undefined' ? undefined : navigator.gpu
  const gpu = browserGpu ?? (await dawnGpu())
  gpus.push(gpu)
  let device: GPUDevice
  if (options.defaultLimits) {
    // The device an adapter gives without asking for more: compatibility defaults.
    const adapter =
      (await gpu.requestAdapter()) ?? (await gpu.requestAdapter({ featureLevel: 'compatibility' }))
    device = await adapter!.requestDevice()
  } else {
    device = await requestDevice(gpu)
  }
  const store = new GpuStore('webgpu')
  store.attach(
    new GpuRuntime(device, {
      maxBatch: 256,
      maxIdleFlushes: 64,
      maxPoolBytes: 1 << 27,
      gpu,
      limits: options.limits,
    }),
  )
  return store
}

/** Uploads `values` as a kernel operand of `shape`. */
export function input(
  store: GpuStore,
  values: ArrayLike<number>,
  shape: Shape,
  dtype: DType = 'float32',
): TensorInfo {
  const array =
    dtype === 'float32'
      ? Float32Array.from(values)
      : dtype === 'int32'
        ? Int32Array.from(values)
        : Uint8Array.from(values)
  return { storage: upload(store, array, dtype), shape, dtype }
}

/** Reads a kernel's output back as plain numbers. */
export async function output(
  store: GpuStore,
  storage: Storage,
  size: number,
  dtype: DType = 'float32',
): Promise<number[]> {
  const values: DataArray = await download(store, storage, dtype, size)
  return Array.from(values)
}

/** Seeded uniform values in [-1, 1) (mulberry32), rounded to float32. */
export function random(n: number, seed = 1): number[] {
  let a = seed >>> 0
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    out.push(Math.fround(((t ^ (t >>> 14)) >>> 0) / 2 ** 31 - 1))
  }
  return out
}

/** Largest |a - b| relative to max(1, |b|). */
export function maxError(actual: readonly number[], expected: readonly number[]): number {
  let worst = 0
  for (let i = 0; i < expected.length; i++) {
    const e = Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i]))
    if (!(e <= worst)) worst = e
  }
  return worst
}
