/**
 * What an operator package needs to write a WebGPU kernel for one backend instance: the device
 * and its limits, storage for outputs, and dispatch of the package's own WGSL inside the
 * backend's batched command encoder, with pipelines cached by the shader's key.
 */
import type { Storage, TensorInfo } from '@othergrad/core/backend'
import type { LimitName, Shader } from './runtime'
import { PARAMS, WORKGROUP } from './shaders/common'
import { GpuStorage } from './storage'
import { bind, type GpuStore } from './store'

/** A WGSL program for one set of baked-in constants; `key` names them all (the cache key). */
export type { Shader }

/** A WebGPU backend's device, allocator and dispatch, for one backend instance. */
export interface WebGpuKernelApi {
  readonly device: GPUDevice
  /** The limits kernels adapt to (compatibility-mode devices have lower ones). */
  readonly limits: Readonly<Record<LimitName, number>>
  /**
   * WGSL declaring binding 0, the parameters: `P(i)` reads word `i` (u32; `bitcast<f32>` for
   * floats) of up to 64 words. Storage buffers follow at bindings 1, 2, ... in dispatch order.
   */
  readonly paramsWgsl: string
  /** Invocations per workgroup the backend's own elementwise shaders use (fits every device). */
  readonly workgroupSize: number
  /**
   * New storage of `size` elements. Every dtype is 4 bytes per element on the GPU (float32 as
   * f32, int32 as i32, bool as u32 0/1); float64 does not exist here.
   */
  alloc(size: number): Storage
  /** Workgroups for `n` invocations of `size`, spread over x and y past the per-dimension limit. */
  grid(n: number, size: number): { groups: [number, number, number]; span: number }
  /**
   * Records `shader` with `params` (u32 words) and storage bindings (inputs then outputs) in the
   * backend's open command encoder; it runs with the batch, before any later read.
   */
  dispatch(
    shader: Shader,
    params: readonly number[],
    bindings: readonly (TensorInfo | Storage)[],
    groups: readonly [number, number, number],
  ): void
}

/** f32 bits as a u32 parameter word, for `bitcast<f32>(P(i))` in the shader. */
export function floatWord(value: number): number {
  const words = new Float32Array([value])
  return new Uint32Array(words.buffer)[0]
}

/**
 * The kernel-author entry of one WebGPU backend, its `kernelApi` once it has a device. A package
 * kernel's `create` receives it.
 *
 * @example
 * import type { WebGpuKernelApi } from '@othergrad/backend-webgpu'
 *
 * create: (gpu: WebGpuKernelApi) => {
 *   const shader = { key: 'twice_wg64', code: () => `${gpu.paramsWgsl} ...` }
 *   return ([x], _, [out]) => {
 *     const n = numel(out.shape)
 *     const y = gpu.alloc(n)
 *     const { groups, span } = gpu.grid(n, 64)
 *     gpu.dispatch(shader, [n, span], [x, y], groups)
 *     return y
 *   }
 * }
 */
export function webgpuKernelApi(store: GpuStore): WebGpuKernelApi {
  const rt = store.rt
  const storageOf = (b: TensorInfo | Storage): GpuStorage =>
    (b instanceof GpuStorage ? b : (b as TensorInfo).storage) as GpuStorage
  return {
    device: rt.device,
    limits: rt.limits,
    paramsWgsl: PARAMS,
    workgroupSize: WORKGROUP,
    alloc: (size) => store.alloc(size),
    grid: (n, size) => rt.grid(n, size),
    dispatch(shader, params, bindings, groups) {
      rt.dispatch(
        shader,
        params,
        bindings.map((b) => bind(storageOf(b))),
        groups,
      )
    },
  }
}
