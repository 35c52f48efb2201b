/**
 * The glue of conv2d's WASM kernels (assembly/conv2d.ts): float32 only (float64, a reference
 * dtype, declines to the composite). Each call allocates its outputs, the geometry words and the
 * scratch its kernel asks for, runs the batch, and frees the scratch.
 */
import type { WasmKernelApi } from '@othergrad/backend-wasm'
import type { Backend, Kernel, KernelSpec } from '@othergrad/core'
import type { Conv2dAttrs, Conv2dInputGradAttrs, Conv2dWeightGradAttrs } from '../../conv2d'
import type { PoolAttrs } from '../../pool'
import { convModule, Scratch } from './module'

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1)

export const conv2dWasm: KernelSpec = {
  op: 'conv2d',
  backend: 'wasm',
  create: async (wasm: WasmKernelApi, backend: Backend): Promise<Kernel<Conv2dAttrs>> => {
    const k = await convModule(wasm)
    return ([x, w, b], attrs, [out]) => {
      if (out.dtype !== 'float32') return undefined
      const [n, c, h, wd] = x.shape
      const y = wasm.alloc('float32', size(out.shape))
      if (size(out.shape) === 0) return y.storage
      const s = new Scratch(wasm, backend)
      try {
        const [, o, oh, ow] = out.shape
        const p = s.params(c / attrs.groups, h, wd, attrs, oh, ow, n, attrs.groups, o)
        const scratch = s.bytes(k.conv2dScratch(p))
        k.conv2dF32(wasm.ptr(x), wasm.ptr(w), b ? wasm.ptr(b) : 0, y.ptr, p, 0, n, scratch)
      } finally {
        s.release()
      }
      return y.storage
    }
  },
}

export const conv2dInputGradWasm: KernelSpec = {
  op: 'conv2dInputGrad',
  backend: 'wasm',
  create: async (wasm: WasmKernelApi, backend: Backend): Promise<Kernel<Conv2dInputGradAttrs>> => {
    const k = await convModule(wasm)
    return ([dy, w], attrs, [out]) => {
      if (out.dtype !== 'float32') return undefined
      const [n, c, h, wd] = out.shape
      const dx = wasm.alloc('float32', size(out.shape))
      if (size(out.shape) === 0) return dx.storage
      const s = new Scratch(wasm, backend)
      try {
        const [, o, oh, ow] = dy.shape
        const p = s.params(c / attrs.groups, h, wd, attrs, oh, ow, n, attrs.groups, o)
        const scratch = s.bytes(k.conv2dInputGradScratch(p))
        k.conv2dInputGradF32(wasm.ptr(dy), wasm.ptr(w), dx.ptr, p, 0, n, scratch)
      } finally {
        s.release()
      }
      return dx.storage
    }
  },
}

export const conv2dWeightGradWasm: KernelSpec = {
  op: 'conv2dWeightGrad',
  backend: 'wasm',
  create: async (wasm: WasmKernelApi, backend: Backend): Promise<Kernel<Conv2dWeightGradAttrs>> => {
    const k = await convModule(wasm)
    return ([x, dy], attrs, [out]) => {
      if (out.dtype !== 'float32') return undefined
      const dw = wasm.alloc('float32', size(out.shape))
      wasm.view('float32', dw.ptr, size(out.shape)).fill(0)
      const [n, c, h, wd] = x.shape
      if (size(out.shape) === 0 || n === 0) return dw.storage
      const s = new Scratch(wasm, backend)
      try {
        const [, o, oh, ow] = dy.shape
        const p = s.params(c / attrs.groups, h, wd, attrs, oh, ow, n, attrs.groups, o)
        const scratch = s.bytes(k.conv2dWeightGradScratch(p))
        k.conv2dWeightGradF32(wasm.ptr(x), wasm.ptr(dy), dw.ptr, p, 0, n, scratch)
      } finally {
        s.release()
      }
      return dw.storage
    }
  },
}

export const maxPool2dWasm: KernelSpec = {
  op: 'maxPool2d',
  backend: 'wasm',
  create: async (wasm: WasmKernelApi, backend: Backend): Promise<Kernel<PoolAttrs>> => {
    const k = await convModule(wasm)
    return ([x], attrs, [out, idx]) => {
      if (out.dtype !== 'float32') return undefined
      const [n, c, h, w] = x.shape
      const [, , oh, ow] = out.shape
      const values = wasm.alloc('float32', size(out.shape))
      const indices = wasm.alloc(idx.dtype, size(out.shape))
      const s = new Scratch(wasm, backend)
      try {
        const p = s.params(c, h, w, attrs, oh, ow, n, 1, c)
        k.maxPool2dF32(wasm.ptr(x), values.ptr, indices.ptr, p, 0, n * c)
      } finally {
        s.release()
      }
      return [values.storage, indices.storage]
    }
  },
}
