import { numel } from '@othergrad/core/backend'
import type { ElementwiseKernels } from '@othergrad/core/backend'
import type { WasmContext } from '../context'
import { ptrOf } from '../storage'
import { DTYPE_CODE, UNARY_CODE } from './codes'

/** Elementwise unary kernel (assembly/kernels/unary.ts): same dtype out, bool for `logicalNot`. */
export function unaryKernel(ctx: WasmContext): ElementwiseKernels['unary'] {
  const run = ctx.exports.unary
  const { store } = ctx
  return (op, x) => {
    const size = numel(x.shape)
    const out = store.alloc(op === 'logicalNot' ? 'bool' : x.dtype, size)
    if (size === 0) return out
    run(UNARY_CODE[op], DTYPE_CODE[x.dtype], ptrOf(x), out.ptr, size)
    return out
  }
}
