import { numel } from '@othergrad/core/backend'
import type { ElementwiseKernels } from '@othergrad/core/backend'
import type { WasmContext } from '../context'
import { ptrOf } from '../storage'
import { DTYPE_CODE, UNARY_CODE } from './codes'
import { canOverflow, overflowCheck } from './overflow'

/** Elementwise unary kernel (assembly/kernels/unary.ts): same dtype out, bool for `logicalNot`. */
export function unaryKernel(ctx: WasmContext): ElementwiseKernels['unary'] {
  const run = ctx.exports.unary
  const { store } = ctx
  const checkOverflow = overflowCheck(ctx)
  return (op, x) => {
    const size = numel(x.shape)
    const out = store.alloc(op === 'logicalNot' ? 'bool' : x.dtype, size)
    if (size === 0) return out
    const code = UNARY_CODE[op]
    const dtype = DTYPE_CODE[x.dtype]
    // Large passes split across the thread pool; the common small case allocates nothing.
    if (ctx.pool?.worthMapping(size)) {
      const pointers = [ptrOf(x), out.ptr]
      ctx.pool.map({ kernel: 'unary', dtype, op: code, n: size, pointers })
    } else run(code, dtype, ptrOf(x), out.ptr, size)
    // int32 neg/abs/square raise instead of wrapping: the kernel flags a result outside int32.
    if (canOverflow(op, x.dtype)) checkOverflow(op, out)
    return out
  }
}
