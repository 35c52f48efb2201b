import { numel } from '@othergrad/core/backend'
import type { DType, MatmulKernels } from '@othergrad/core/backend'
import { advance, broadcastStrides } from '@othergrad/kernels-js'
import type { WasmContext } from '../context'
import { ptrOf } from '../storage'

/** One GEMM's operands: byte addresses, sizes, flags. */
export interface GemmCall {
  a: number
  b: number
  c: number
  m: number
  n: number
  k: number
  transA: boolean
  transB: boolean
  /** Add into C (linear's bias) instead of overwriting it. */
  accumulate: boolean
}

/**
 * `C (+)= op(A) · op(B)` for one matrix (assembly/kernels/matmul.ts): float32 on the SIMD kernel,
 * split across the thread pool when there is one and the product is large enough; float64 on
 * the scalar kernel. Leading dimensions follow from the stored shapes.
 */
export function gemm(ctx: WasmContext, dtype: DType, g: GemmCall): void {
  const lda = g.transA ? g.m : g.k
  const ldb = g.transB ? g.k : g.n
  const { transA, transB, accumulate } = g
  if (dtype === 'float64') {
    ctx.exports.gemmF64(g.a, g.b, g.c, g.m, g.n, g.k, lda, ldb, g.n, +transA, +transB, +accumulate)
  } else if (ctx.pool !== null && ctx.pool.worthSplitting(g.m, g.n, g.k)) {
    ctx.pool.gemmF32(g, lda, ldb)
  } else {
    // prettier-ignore
    ctx.exports.gemmF32(g.a, g.b, g.c, g.m, g.n, g.k, lda, ldb, g.n, +transA, +transB, +accumulate, ctx.gemmScratch)
  }
}

/**
 * Batched float matmul with transpose flags: one GEMM per batch, with batch dims of size 1
 * broadcast by offset arithmetic (never copied) and transposes folded into the packing.
 */
export function matmulKernel(ctx: WasmContext): MatmulKernels['matmul'] {
  const { store } = ctx
  return (a, b, attrs, outShape) => {
    const size = numel(outShape)
    const out = store.alloc(a.dtype, size)
    if (size === 0) return out
    const bytes = a.dtype === 'float64' ? 8 : 4
    const rank = outShape.length
    const m = outShape[rank - 2]
    const n = outShape[rank - 1]
    const { transposeA: transA, transposeB: transB } = attrs
    const k = transA ? a.shape[rank - 2] : a.shape[rank - 1]
    const batches = size / (m * n)
    const batchShape = outShape.slice(0, rank - 2)
    const aMat = a.shape[rank - 2] * a.shape[rank - 1] * bytes
    const bMat = b.shape[rank - 2] * b.shape[rank - 1] * bytes
    const aStrides = broadcastStrides(a.shape.slice(0, rank - 2), batchShape).map((s) => s * aMat)
    const bStrides = broadcastStrides(b.shape.slice(0, rank - 2), batchShape).map((s) => s * bMat)
    const aPtr = ptrOf(a)
    const bPtr = ptrOf(b)
    const accumulate = false
    // One B for every batch and a full, untransposed A: the batches stack into one tall A, so B
    // is packed once instead of once per batch.
    if (
      batches > 1 &&
      !transA &&
      bStrides.every((s) => s === 0) &&
      numel(a.shape) === batches * m * k
    ) {
      gemm(ctx, a.dtype, {
        a: aPtr,
        b: bPtr,
        c: out.ptr,
        m: batches * m,
        n,
        k,
        transA,
        transB,
        accumulate,
      })
      return out
    }
    const strides = [aStrides, bStrides]
    const offsets = [0, 0]
    const index = new Array<number>(batchShape.length).fill(0)
    for (let t = 0; t < batches; t++) {
      const c = out.ptr + t * m * n * bytes
      gemm(ctx, a.dtype, {
        a: aPtr + offsets[0],
        b: bPtr + offsets[1],
        c,
        m,
        n,
        k,
        transA,
        transB,
        accumulate,
      })
      advance(index, batchShape, batchShape.length, strides, offsets)
    }
    return out
  }
}
