import { numel } from '@othergrad/core/backend'
import type { ElementwiseKernels } from '@othergrad/core/backend'
import type { WasmContext } from '../context'
import { ptrOf } from '../storage'
import { DTYPE_CODE, UNARY_CODE } from './codes'
import { runMap } from './optimStep'

/** Elementwise unary kernel (assembly/kernels/unary.ts): same dtype out, bool for `logicalNot`. */
export function unaryKernel(ctx: WasmContext): ElementwiseKernels['unary'] {
  const run = ctx.exports.unary
  const { store } = ctx
  return (op, x) => {
    const size = numel(x.shape)
    const out = store.alloc(op === 'logicalNot' ? 'bool' : x.dtype, size)
    if (size === 0) return out
    const code = UNARY_CODE[op]
    const dtype = DTYPE_CODE[x.dtype]
    const pointers = [ptrOf(x), out.ptr] as const
    runMap(ctx, { kernel: 'unary', dtype, op: code, n: size, pointers }, () =>
      run(code, dtype, ...pointers, size),
    )
    return out
  }
}
