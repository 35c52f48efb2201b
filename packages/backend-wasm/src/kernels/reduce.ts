import { integerOverflowError, numel } from '@othergrad/core/backend'
import type { DType, ReduceKernels, ReduceOp } from '@othergrad/core/backend'
import { mergeReduceDims } from '@othergrad/kernels-js'
import type { WasmContext } from '../context'
import { ptrOf } from '../storage'
import type { WasmStorage } from '../storage'
import { DTYPE_CODE, REDUCE_CODE } from './codes'

const INT32_MAX = 2 ** 31 - 1
const INT32_MIN = -(2 ** 31)

function identity(op: ReduceOp, dtype: DType): number {
  if (op === 'sum') return 0
  if (op === 'prod') return 1
  const int = dtype === 'int32'
  if (op === 'max') return int ? INT32_MIN : -Infinity
  return int ? INT32_MAX : Infinity
}

/**
 * Reduces `axes` (assembly/kernels/reduce.ts). The last two merged blocks are one kernel call,
 * `[kept, reduced]` → reduceRows or `[reduced, kept]` → reduceCols; blocks further out are
 * stepped here. When one of those outer blocks is reduced, the output is seeded with the identity
 * and every call accumulates into it. Bool is widened to int32 first; sum/prod of it is int32.
 */
export function reduceKernel(ctx: WasmContext): ReduceKernels['reduce'] {
  const { reduceRows, reduceCols } = ctx.exports
  const { store } = ctx
  return (op, x, axes) => {
    const outDtype = x.dtype === 'bool' && (op === 'sum' || op === 'prod') ? 'int32' : x.dtype
    let outSize = 1
    for (let d = 0; d < x.shape.length; d++) if (!axes.includes(d)) outSize *= x.shape[d]
    const out = store.alloc(outDtype, outSize)
    if (outSize === 0) return out
    const size = numel(x.shape)
    if (size === 0) {
      store.view(outDtype, out.ptr, outSize).fill(identity(op, outDtype))
      return out
    }
    // The kernels fold one dtype; bools (0/1 bytes) are widened to int32 for them. Integer sums
    // and products fold in float64 (exact to 2^53), so a result outside int32 raises below
    // instead of wrapping.
    let input: WasmStorage | null = null
    let dtype = x.dtype
    let xPtr = ptrOf(x)
    const wide = outDtype === 'int32' && (op === 'sum' || op === 'prod')
    if (dtype === 'bool' || wide) {
      const to = wide ? 'float64' : 'int32'
      input = store.alloc(to, size)
      store.view(to, input.ptr, size).set(store.view(dtype, xPtr, size))
      xPtr = input.ptr
      dtype = to
    }
    // bool max/min fold as int32 into a scratch output, narrowed to bytes at the end.
    const target = dtype === outDtype ? out : store.alloc(dtype, outSize)
    const bytes = dtype === 'float64' ? 8 : 4
    const code = REDUCE_CODE[op]
    const dt = DTYPE_CODE[dtype]
    const { dims, reduced } = mergeReduceDims(x.shape, axes)
    const rank = dims.length
    if (rank === 0 || (rank === 1 && !reduced[0])) {
      // Nothing to fold: only size-1 dims were reduced.
      ctx.heap.u8.copyWithin(target.ptr, xPtr, xPtr + size * bytes)
    } else if (rank === 1) {
      reduceRows(code, dt, xPtr, target.ptr, 1, dims[0], 0)
    } else {
      const inner = dims[rank - 1]
      const outer = dims[rank - 2]
      const innerReduced = reduced[rank - 1]
      // Strides of the outer blocks, in elements of the input and of the output.
      const xStrides: number[] = []
      const outStrides: number[] = []
      let outerReduced = false
      for (let d = rank - 3, xs = inner * outer, os = innerReduced ? outer : inner; d >= 0; d--) {
        xStrides[d] = xs
        outStrides[d] = reduced[d] ? 0 : os
        xs *= dims[d]
        if (reduced[d]) outerReduced = true
        else os *= dims[d]
      }
      const accumulate = outerReduced ? 1 : 0
      if (outerReduced) store.view(dtype, target.ptr, outSize).fill(identity(op, dtype))
      const calls = size / (inner * outer)
      const index = new Array<number>(Math.max(0, rank - 2)).fill(0)
      let xOff = 0
      let oOff = 0
      for (let c = 0; c < calls; c++) {
        const xp = xPtr + xOff * bytes
        const yp = target.ptr + oOff * bytes
        if (calls === 1 && ctx.pool?.worthMapping(size)) {
          // One big [outer, inner] block: threads take ranges of its rows or columns.
          const kernel = innerReduced ? 'reduceRows' : 'reduceCols'
          const n = innerReduced ? outer : inner
          const strides = [innerReduced ? inner : outer, accumulate] as const
          ctx.pool.map({ kernel, dtype: dt, op: code, n, pointers: [xp, yp], strides })
        } else if (innerReduced) reduceRows(code, dt, xp, yp, outer, inner, accumulate)
        else reduceCols(code, dt, xp, yp, outer, inner, inner, accumulate)
        for (let d = rank - 3; d >= 0; d--) {
          xOff += xStrides[d]
          oOff += outStrides[d]
          if (++index[d] < dims[d]) break
          xOff -= xStrides[d] * dims[d]
          oOff -= outStrides[d] * dims[d]
          index[d] = 0
        }
      }
    }
    if (input !== null) store.dispose(input)
    if (target !== out) {
      const folded = store.view(dtype, target.ptr, outSize)
      const bad = wide ? folded.findIndex((v) => v > INT32_MAX || v < INT32_MIN) : -1
      if (bad === -1) store.view(outDtype, out.ptr, outSize).set(folded)
      const value = folded[bad]
      store.dispose(target)
      if (bad !== -1) {
        store.dispose(out)
        throw integerOverflowError(op, 'int32', value, x)
      }
    }
    return out
  }
}
