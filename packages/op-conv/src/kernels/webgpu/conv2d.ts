/**
 * The glue of op-conv's WebGPU kernels: the geometry as parameter words, one dispatch per op in
 * the backend's batched encoder, outputs from its pool.
 */
import type { WebGpuKernelApi } from '@othergrad/backend-webgpu'
import type { Kernel, KernelSpec, TensorInfo } from '@othergrad/core'
import type { Conv2dAttrs, Conv2dInputGradAttrs, Conv2dWeightGradAttrs } from '../../conv2d'
import type { WindowAttrs } from '../../geometry'
import type { PoolAttrs } from '../../pool'
import {
  conv2dInputGradShader,
  conv2dShader,
  conv2dWeightGradShader,
  maxPool2dShader,
} from './shaders'

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1)

/** The words after `[items, span]`: shapes of x (N, C, H, W), out channels, output size, window, groups. */
function geometry(
  x: readonly number[],
  o: number,
  out: readonly number[],
  a: WindowAttrs,
  groups: number,
): number[] {
  const [n, c, h, w] = x
  return [
    n,
    c,
    h,
    w,
    o,
    out[0],
    out[1],
    a.kernel[0],
    a.kernel[1],
    a.stride[0],
    a.stride[1],
    a.padBefore[0],
    a.padBefore[1],
    a.dilation[0],
    a.dilation[1],
    groups,
  ]
}

/** Dispatches `items` invocations of `shader`, binding `inputs` then `outputs`. */
function run(
  gpu: WebGpuKernelApi,
  shader: ReturnType<typeof conv2dShader>,
  items: number,
  words: number[],
  bindings: readonly (TensorInfo | ReturnType<WebGpuKernelApi['alloc']>)[],
): void {
  if (items === 0) return
  const { groups, span } = gpu.grid(items, gpu.workgroupSize)
  gpu.dispatch(shader, [items, span, ...words], bindings, groups)
}

export const conv2dWebgpu: KernelSpec = {
  op: 'conv2d',
  backend: 'webgpu',
  create: (gpu: WebGpuKernelApi): Kernel<Conv2dAttrs> => {
    const withBias = conv2dShader(gpu.paramsWgsl, gpu.workgroupSize, true)
    const noBias = conv2dShader(gpu.paramsWgsl, gpu.workgroupSize, false)
    return ([x, w, b], attrs, [out]) => {
      const items = size(out.shape)
      const y = gpu.alloc(items)
      const words = geometry(x.shape, out.shape[1], out.shape.slice(2), attrs, attrs.groups)
      run(gpu, b ? withBias : noBias, items, words, b ? [x, w, b, y] : [x, w, y])
      return y
    }
  },
}

export const conv2dInputGradWebgpu: KernelSpec = {
  op: 'conv2dInputGrad',
  backend: 'webgpu',
  create: (gpu: WebGpuKernelApi): Kernel<Conv2dInputGradAttrs> => {
    const shader = conv2dInputGradShader(gpu.paramsWgsl, gpu.workgroupSize)
    return ([dy, w], attrs, [out]) => {
      const items = size(out.shape)
      const dx = gpu.alloc(items)
      const words = geometry(out.shape, dy.shape[1], dy.shape.slice(2), attrs, attrs.groups)
      run(gpu, shader, items, words, [dy, w, dx])
      return dx
    }
  },
}

export const conv2dWeightGradWebgpu: KernelSpec = {
  op: 'conv2dWeightGrad',
  backend: 'webgpu',
  create: (gpu: WebGpuKernelApi): Kernel<Conv2dWeightGradAttrs> => {
    const shader = conv2dWeightGradShader(gpu.paramsWgsl, gpu.workgroupSize)
    return ([x, dy], attrs, [out]) => {
      const items = size(out.shape)
      const dw = gpu.alloc(items)
      const words = geometry(x.shape, dy.shape[1], dy.shape.slice(2), attrs, attrs.groups)
      run(gpu, shader, items, words, [x, dy, dw])
      return dw
    }
  },
}

export const maxPool2dWebgpu: KernelSpec = {
  op: 'maxPool2d',
  backend: 'webgpu',
  create: (gpu: WebGpuKernelApi): Kernel<PoolAttrs> => {
    const shader = maxPool2dShader(gpu.paramsWgsl, gpu.workgroupSize)
    return ([x], attrs, [out]) => {
      const items = size(out.shape)
      const values = gpu.alloc(items)
      const indices = gpu.alloc(items)
      const words = geometry(x.shape, x.shape[1], out.shape.slice(2), attrs, 1)
      run(gpu, shader, items, words, [x, values, indices])
      return [values, indices]
    }
  },
}
