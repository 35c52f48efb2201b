import { numel } from '@othergrad/core/backend'
import type { FusedKernels } from '@othergrad/core/backend'
import type { WasmContext } from '../context'
import { ptrOf } from '../storage'
import { DTYPE_CODE } from './codes'
import { gemm } from './matmul'

/**
 * Fused `x @ w^T + b` (assembly/kernels/linear.ts + matmul.ts): the bias is copied into every
 * output row first and the GEMM accumulates onto it, reading `w` transposed in place, so the
 * output is written once and never revisited.
 */
export function linearKernel(ctx: WasmContext): FusedKernels['linear'] {
  const { biasRows } = ctx.exports
  const { store } = ctx
  return (x, weight, bias) => {
    const inF = x.shape[x.shape.length - 1]
    const outF = weight.shape[0]
    const rows = numel(x.shape.slice(0, -1))
    const out = store.alloc(x.dtype, rows * outF)
    if (rows * outF === 0) return out
    if (bias !== null) biasRows(DTYPE_CODE[x.dtype], ptrOf(bias), out.ptr, rows, outF)
    gemm(ctx, x.dtype, {
      a: ptrOf(x),
      b: ptrOf(weight),
      c: out.ptr,
      m: rows,
      n: outF,
      k: inF,
      transA: false,
      transB: true,
      accumulate: bias !== null,
    })
    return out
  }
}
