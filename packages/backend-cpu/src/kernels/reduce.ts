import { integerOverflowError, numel } from '@othergrad/core/backend'
import type {
  DataArray,
  DType,
  ReduceOp,
  Shape,
  Storage,
  TensorInfo,
} from '@othergrad/core/backend'
import { advance, mergeReduceDims } from '@othergrad/kernels-js'
import { valuesOf } from '../storage'
import type { CpuStore } from '../storage'

const IDENTITY: Record<ReduceOp, number> = { sum: 0, prod: 1, max: -Infinity, min: Infinity }

/** Folds the contiguous run `x[i, i + n)` into `acc`. */
function foldRun(op: ReduceOp, x: DataArray, i: number, n: number, acc: number): number {
  const end = i + n
  switch (op) {
    case 'sum':
      for (; i < end; i++) acc += x[i]
      return acc
    case 'prod':
      for (; i < end; i++) acc *= x[i]
      return acc
    // Math.max/min propagate NaN, as torch.max/min do.
    case 'max':
      for (; i < end; i++) acc = Math.max(acc, x[i])
      return acc
    case 'min':
      for (; i < end; i++) acc = Math.min(acc, x[i])
      return acc
  }
}

/** Folds the contiguous run `x[i, i + n)` elementwise into `acc[o, o + n)`. */
function foldInto(
  op: ReduceOp,
  x: DataArray,
  i: number,
  n: number,
  acc: Float64Array,
  o: number,
): void {
  const end = o + n
  switch (op) {
    case 'sum':
      for (; o < end; o++, i++) acc[o] += x[i]
      return
    case 'prod':
      for (; o < end; o++, i++) acc[o] *= x[i]
      return
    case 'max':
      for (; o < end; o++, i++) acc[o] = Math.max(acc[o], x[i])
      return
    case 'min':
      for (; o < end; o++, i++) acc[o] = Math.min(acc[o], x[i])
      return
  }
}

/**
 * Reduces `axes` of the contiguous `x` into `out` (those dims removed), without permuting.
 * Neighbouring dims of the same kind (reduced or kept) are merged first, so every input
 * becomes alternating kept/reduced blocks walked in memory order. Two common shapes fall out
 * as fast paths: reducing the innermost axis (`[K, R]`: one tight fold per output) and reducing
 * outer axes (`[R, K]`: R contiguous passes over one output row). Accumulation is in doubles.
 */
export function reduceImpl(
  op: ReduceOp,
  dtype: DType,
  x: DataArray,
  shape: Shape,
  axes: readonly number[],
  out: DataArray,
): void {
  const outSize = out.length
  if (outSize === 0) return
  const acc = new Float64Array(outSize).fill(IDENTITY[op])
  if (numel(shape) === 0) {
    out.set(acc)
    return
  }
  // Merged dims, innermost last; `reduced[d]` says which kind each is.
  const { dims, reduced } = mergeReduceDims(shape, axes)
  if (dims.length === 0) {
    dims.push(1)
    reduced.push(false)
  }
  const rank = dims.length
  const xStrides = new Array<number>(rank)
  const outStrides = new Array<number>(rank)
  for (let d = rank - 1, xs = 1, os = 1; d >= 0; d--) {
    xStrides[d] = xs
    xs *= dims[d]
    outStrides[d] = reduced[d] ? 0 : os
    if (!reduced[d]) os *= dims[d]
  }
  const n = dims[rank - 1]
  const rows = numel(dims) / n
  const strides = [outStrides]
  const offsets = [0]
  const index = new Array<number>(rank).fill(0)
  if (reduced[rank - 1]) {
    for (let r = 0, i = 0; r < rows; r++, i += n) {
      acc[offsets[0]] = foldRun(op, x, i, n, acc[offsets[0]])
      advance(index, dims, rank - 1, strides, offsets)
    }
  } else {
    for (let r = 0, i = 0; r < rows; r++, i += n) {
      foldInto(op, x, i, n, acc, offsets[0])
      advance(index, dims, rank - 1, strides, offsets)
    }
  }
  if (out instanceof Int32Array) checkInt32(op, acc, shape, dtype)
  out.set(acc)
}

/**
 * Integer sums and products fold in doubles (exact to 2^53), so a result outside int32 is caught
 * here instead of wrapping.
 */
function checkInt32(op: ReduceOp, acc: Float64Array, shape: Shape, dtype: DType): void {
  for (let i = 0; i < acc.length; i++) {
    const v = acc[i]
    if (v > 2147483647 || v < -2147483648)
      throw integerOverflowError(op, 'int32', v, { shape, dtype })
  }
}

/**
 * Reduces `axes`; sum/prod of int32 or bool give int32 and raise when a result leaves int32's
 * range; max/min keep the dtype.
 */
export function reduce(
  store: CpuStore,
  op: ReduceOp,
  x: TensorInfo,
  axes: readonly number[],
): Storage {
  const outDtype = (op === 'sum' || op === 'prod') && x.dtype === 'bool' ? 'int32' : x.dtype
  let outSize = 1
  for (let d = 0; d < x.shape.length; d++) if (!axes.includes(d)) outSize *= x.shape[d]
  const out = store.alloc(outDtype, outSize)
  if (outSize === 0) return out
  try {
    reduceImpl(op, x.dtype, valuesOf(x), x.shape, axes, out.values)
  } catch (error) {
    store.dispose(out)
    throw error
  }
  return out
}
