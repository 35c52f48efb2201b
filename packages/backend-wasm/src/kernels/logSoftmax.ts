import { numel } from '@othergrad/core/backend'
import type { FusedKernels, TensorInfo } from '@othergrad/core/backend'
import type { WasmContext } from '../context'
import { ptrOf } from '../storage'
import { DTYPE_CODE } from './codes'

function lastDim(x: TensorInfo): number {
  return x.shape.length === 0 ? 1 : x.shape[x.shape.length - 1]
}

/** Log-softmax along the last axis (assembly/kernels/logSoftmax.ts). */
export function logSoftmaxKernel(ctx: WasmContext): FusedKernels['logSoftmax'] {
  const run = ctx.exports.logSoftmax
  const { store } = ctx
  return (x) => {
    const size = numel(x.shape)
    const out = store.alloc(x.dtype, size)
    const n = lastDim(x)
    if (size === 0) return out
    run(DTYPE_CODE[x.dtype], ptrOf(x), out.ptr, size / n, n)
    return out
  }
}

/** Gradient of log-softmax along the last axis, from its output `y`. */
export function logSoftmaxBackwardKernel(ctx: WasmContext): FusedKernels['logSoftmaxBackward'] {
  const run = ctx.exports.logSoftmaxBackward
  const { store } = ctx
  return (dy, y) => {
    const size = numel(dy.shape)
    const out = store.alloc(dy.dtype, size)
    const n = lastDim(dy)
    if (size === 0) return out
    run(DTYPE_CODE[dy.dtype], ptrOf(dy), ptrOf(y), out.ptr, size / n, n)
    return out
  }
}
