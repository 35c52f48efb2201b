import { numel } from '@othergrad/core/backend'
import type { FusedKernels } from '@othergrad/core/backend'
import type { WasmContext } from '../context'
import { ptrOf } from '../storage'
import { DTYPE_CODE } from './codes'

/** Gradient of relu from its output `y` (assembly/kernels/reluBackward.ts). */
export function reluBackwardKernel(ctx: WasmContext): FusedKernels['reluBackward'] {
  const run = ctx.exports.reluBackward
  const { store } = ctx
  return (dy, y) => {
    const size = numel(dy.shape)
    const out = store.alloc(dy.dtype, size)
    if (size === 0) return out
    const dtype = DTYPE_CODE[dy.dtype]
    if (ctx.pool?.worthMapping(size)) {
      ctx.pool.map({
        kernel: 'reluBackward',
        dtype,
        n: size,
        pointers: [ptrOf(dy), ptrOf(y), out.ptr],
      })
    } else run(dtype, ptrOf(dy), ptrOf(y), out.ptr, size)
    return out
  }
}
