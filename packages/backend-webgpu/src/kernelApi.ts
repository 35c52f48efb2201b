/**
 * What an operator package needs to write a WebGPU kernel for one backend instance: the device
 * and its limits, storage for outputs, and dispatch of the package's own WGSL inside the
 * backend's batched command encoder, with pipelines cached by the shader's key.
 */
import type { DType, Storage, TensorInfo } from '@othergrad/core/backend'
import type { LimitName, Shader } from './runtime'
import {
  ELEMENTWISE_MAIN,
  FLOAT_BITS,
  FLOAT_MATH,
  INT_MATH,
  PARAMS,
  WORKGROUP,
  storage,
} from './shaders/common'
import { GpuStorage, gpuDType, wgslType, type WgslType } from './storage'
import { bind, type GpuStore } from './store'

/** A WGSL program for one set of baked-in constants; `key` names them all (the cache key). */
export type { Shader }

/**
 * The WGSL the backend's own shaders are built from, for a package's shaders to include. They
 * give torch's results at the edges where drivers differ: GLSL (which Dawn's OpenGL ES backend
 * emits, e.g. on Mesa) leaves log, sqrt and pow undefined where torch is not, SwiftShader's
 * exp(NaN) is +inf, and compilers may fold `x != x` away.
 */
export interface WebGpuWgsl {
  /**
   * `isNan(x)`, `isInf(x)` (tested on the bits), `nanF32()`, `infF32()`, `expF(x)` (keeps NaN),
   * `maxF`/`minF` (propagate NaN).
   */
  readonly floatBits: string
  /**
   * Needs `floatBits`: `logF`, `sqrtF`, `expm1F`, `log1pF`, `sinCosF(x)` (a vec2), `tanhF`,
   * `sigmoidF`, `roundF`, `powF`, and `toI32(x)` (float to int32 as torch on x86).
   */
  readonly floatMath: string
  /** `powI(x, y)` on i32, as ATen's. */
  readonly intMath: string
  /**
   * The opening of a one-invocation-per-element shader, up to an open body: `@compute
   * @workgroup_size(workgroupSize) fn main(...) {`, then `let i` (the element) and a return past
   * `P(0u)` elements. Dispatch it with params `[n, span, ...]` and `grid(n, workgroupSize)`.
   */
  readonly elementwiseMain: string
  /** `@group(0) @binding(binding) var<storage, access> name: array<type>;` */
  storage(binding: number, name: string, type: WgslType, access?: 'read' | 'read_write'): string
}

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
  /** The backend's WGSL helpers (NaN-safe float math and the like), to build shaders from. */
  readonly wgsl: WebGpuWgsl
  /**
   * The WGSL element type of a dtype's storage: `f32`, `i32`, or `u32` for bool. float64 does
   * not exist on the GPU: an error that says so.
   */
  wgslType(dtype: DType): WgslType
  /** f32 bits as a u32 parameter word, for `bitcast<f32>(P(i))` in the shader. */
  floatWord(value: number): number
  /**
   * New storage of `size` elements. Every dtype is 4 bytes per element on the GPU (float32 as
   * f32, int32 as i32, bool as u32 0/1); float64 does not exist here.
   */
  alloc(size: number): Storage
  /** Workgroups for `n` invocations of `size`, spread over x and y past the per-dimension limit. */
  grid(n: number, size: number): { groups: [number, number, number]; span: number }
  /**
   * Records `shader` with `params` (u32 words) and storage bindings (inputs then outputs) in the
   * backend's open command encoder; it runs with the batch, before any later read. Pipelines are
   * cached by `shader.key`, which must start with the package's name and a colon
   * (`'@acme/op-gelu:gelu_wg64'`) and name every constant baked into the code, so that no two
   * shaders share a pipeline.
   */
  dispatch(
    shader: Shader,
    params: readonly number[],
    bindings: readonly (TensorInfo | Storage)[],
    groups: readonly [number, number, number],
  ): void
}

const WORD = new Float32Array(1)
const WORD_BITS = new Uint32Array(WORD.buffer)

/** f32 bits as a u32 parameter word, for `bitcast<f32>(P(i))` in the shader. */
export function floatWord(value: number): number {
  WORD[0] = value
  return WORD_BITS[0]
}

const WGSL: WebGpuWgsl = {
  floatBits: FLOAT_BITS,
  floatMath: FLOAT_MATH,
  intMath: INT_MATH,
  elementwiseMain: ELEMENTWISE_MAIN,
  storage,
}

/**
 * The kernel-author entry of one WebGPU backend, its `kernelApi` once it has a device. A package
 * kernel's `create` receives it.
 *
 * @example
 * import type { WebGpuKernelApi } from '@othergrad/backend-webgpu'
 *
 * create: (gpu: WebGpuKernelApi) => {
 *   const shader = { key: '@acme/op-twice:twice_wg64', code: () => `${gpu.paramsWgsl} ...` }
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
    wgsl: WGSL,
    wgslType: (dtype) => wgslType(gpuDType(store.name, dtype)),
    floatWord,
    alloc: (size) => store.alloc(size),
    grid: (n, size) => rt.grid(n, size),
    dispatch(shader, params, bindings, groups) {
      // The backend's own keys have no colon: a package's can never take one of their pipelines.
      if (!shader.key.includes(':')) {
        throw new Error(
          `webgpu: a package shader's key must start with the package's name and a colon (e.g. '@acme/op-gelu:gelu_wg64'), got '${shader.key}'`,
        )
      }
      rt.dispatch(
        shader,
        params,
        bindings.map((b) => bind(storageOf(b))),
        groups,
      )
    },
  }
}
