/**
 * The glue of conv2d's WASM kernels (assembly/conv2d.ts): float32 only (float64, a reference
 * dtype, declines to the composite). Each call allocates its outputs, the geometry words, the
 * packed weights, scratch for each of the backend's threads and an argument block, runs its
 * kernel as a job of units on every thread (one unit per batch item; the weight gradient sums
 * fixed groups of items, then reduces them in a second phase; max pooling's forward too), and frees the scratch. Each
 * unit's work depends only on its index: the bits are the same on any number of threads.
 */
import type { WasmKernelApi } from '@othergrad/backend-wasm'
import type { Kernel, KernelSpec } from '@othergrad/core'
import type { Conv2dAttrs, Conv2dInputGradAttrs, Conv2dWeightGradAttrs } from '../../conv2d'
import type { PoolAttrs } from '../../pool'
import { convModule, Scratch } from './module'

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1)

/**
 * Batch items per partial sum of the weight gradient: 16 units for a batch of 64, so a thread
 * that is descheduled (shared machines) holds back at most a sixteenth of the work; the extra
 * partials cost one more pass of a weight-sized sum each.
 */
const ITEMS_PER_PARTIAL = 4

export const conv2dWasm: KernelSpec = {
  op: 'conv2d',
  backend: 'wasm',
  create: async (wasm: WasmKernelApi): Promise<Kernel<Conv2dAttrs>> => {
    const module = await convModule(wasm)
    const k = module.exports
    return ([x, w, b], attrs, [out]) => {
      if (out.dtype !== 'float32') return undefined
      const [n, c, h, wd] = x.shape
      const y = wasm.alloc('float32', size(out.shape))
      if (size(out.shape) === 0) return y.storage
      const s = new Scratch(wasm)
      try {
        const [, o, oh, ow] = out.shape
        const p = s.params(c / attrs.groups, h, wd, attrs, oh, ow, n, attrs.groups, o)
        const ap = s.bytes(k.conv2dPackBytes(p))
        k.conv2dPack(wasm.ptr(w), p, ap)
        const per = k.conv2dScratch(p)
        const scratch = s.bytes(per * wasm.threads)
        const args = s.words([wasm.ptr(x), ap, b ? wasm.ptr(b) : 0, y.ptr, p, scratch, per])
        module.run('conv2dUnit', n, args)
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
  create: async (wasm: WasmKernelApi): Promise<Kernel<Conv2dInputGradAttrs>> => {
    const module = await convModule(wasm)
    const k = module.exports
    return ([dy, w], attrs, [out]) => {
      if (out.dtype !== 'float32') return undefined
      const [n, c, h, wd] = out.shape
      const dx = wasm.alloc('float32', size(out.shape))
      if (size(out.shape) === 0) return dx.storage
      const s = new Scratch(wasm)
      try {
        const [, o, oh, ow] = dy.shape
        const p = s.params(c / attrs.groups, h, wd, attrs, oh, ow, n, attrs.groups, o)
        const ap = s.bytes(k.inputGradPackBytes(p))
        k.inputGradPack(wasm.ptr(w), p, ap)
        const per = k.inputGradScratch(p)
        const scratch = s.bytes(per * wasm.threads)
        const args = s.words([wasm.ptr(dy), ap, dx.ptr, p, scratch, per])
        module.run('inputGradUnit', n, args)
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
  create: async (wasm: WasmKernelApi): Promise<Kernel<Conv2dWeightGradAttrs>> => {
    const module = await convModule(wasm)
    const k = module.exports
    return ([x, dy], attrs, [out]) => {
      if (out.dtype !== 'float32') return undefined
      const total = size(out.shape)
      const dw = wasm.alloc('float32', total)
      const [n, c, h, wd] = x.shape
      if (total === 0 || n === 0) {
        wasm.view('float32', dw.ptr, total).fill(0)
        return dw.storage
      }
      const s = new Scratch(wasm)
      try {
        const [, o, oh, ow] = dy.shape
        const p = s.params(c / attrs.groups, h, wd, attrs, oh, ow, n, attrs.groups, o)
        const per = k.weightGradScratch(p)
        const scratch = s.bytes(per * wasm.threads)
        const units = Math.ceil(n / ITEMS_PER_PARTIAL)
        const partials = s.bytes(units * total * 4)
        // Reduce chunks are whole multiples of 4 elements (the kernel sums 4 at once).
        const chunk = Math.ceil(total / units / 4) * 4
        // prettier-ignore
        const args = s.words([wasm.ptr(x), wasm.ptr(dy), dw.ptr, p, scratch, per, partials, ITEMS_PER_PARTIAL, units, chunk])
        module.run('weightGradUnit', 2 * units, args, { phaseUnits: units })
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
  create: async (wasm: WasmKernelApi): Promise<Kernel<PoolAttrs>> => {
    const module = await convModule(wasm)
    return ([x], attrs, [out, idx]) => {
      if (out.dtype !== 'float32') return undefined
      const [n, c, h, w] = x.shape
      const [, , oh, ow] = out.shape
      const values = wasm.alloc('float32', size(out.shape))
      const indices = wasm.alloc(idx.dtype, size(out.shape))
      const s = new Scratch(wasm)
      try {
        const p = s.params(c, h, w, attrs, oh, ow, n, 1, c)
        const args = s.words([wasm.ptr(x), values.ptr, indices.ptr, p])
        if (size(out.shape) > 0) module.run('maxPool2dUnit', n, args)
      } finally {
        s.release()
      }
      return [values.storage, indices.storage]
    }
  },
}
