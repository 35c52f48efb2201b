import { COMPARISON_OPS, int32OverflowError, numel } from '@othergrad/core/backend'
import type {
  BinaryOp,
  DataArray,
  DType,
  Shape,
  Storage,
  TensorInfo,
} from '@othergrad/core/backend'
import {
  advance,
  broadcastStrides,
  collapse,
  isPlainOperand,
  viewBroadcastStrides,
} from '@othergrad/kernels-js'
import { valuesOf } from '../storage'
import type { CpuStore } from '../storage'

/** C's pow, which torch follows: `pow(1, y)` and `pow(-1, ±inf)` are 1 where JS gives NaN. */
function powFloat(x: number, y: number): number {
  if (x === 1 || (x === -1 && (y === Infinity || y === -Infinity))) return 1
  return x ** y
}

const INT32_MAX = 2147483647
const INT32_MIN = -2147483648

/**
 * Integer power by squaring; negative exponents as in ATen's `powi`. Every product is checked
 * (|x|, |result| ≤ 2^31 keep it exact in a double), so a result outside int32 raises.
 */
function powInt(base: number, y: number): number {
  if (y < 0) return base === 1 ? 1 : base === -1 ? (y % 2 === 0 ? 1 : -1) : 0
  const e = y
  let x = base
  let result = 1
  for (;;) {
    if (y & 1) {
      result *= x
      if (result > INT32_MAX || result < INT32_MIN) throw int32OverflowError('pow', base, e)
    }
    y >>>= 1
    if (y === 0) return result
    // A square past int32 makes the final result pass it too (|result| ≥ 1 from here on).
    x *= x
    if (x > INT32_MAX) throw int32OverflowError('pow', base, e)
  }
}

/** The first int32 element whose result leaves int32: its operands become the error. */
function overflow(op: 'add' | 'sub' | 'mul', a: number, b: number): never {
  throw int32OverflowError(op, a, b)
}

/**
 * One row: `out[o + i] = op(a[ia + i*sa], b[ib + i*sb])` for `i < n`. Strides are 0 (broadcast)
 * or the operand's step. The op is switched on once per row; each case is its own loop.
 */
function binaryRow(
  op: BinaryOp,
  int: boolean,
  a: DataArray,
  ia: number,
  sa: number,
  b: DataArray,
  ib: number,
  sb: number,
  out: DataArray,
  o: number,
  n: number,
): void {
  const end = o + n
  if (int && (op === 'add' || op === 'sub' || op === 'mul')) {
    int32Row(op, a, ia, sa, b, ib, sb, out, o, n)
    return
  }
  switch (op) {
    case 'add':
      for (; o < end; o++, ia += sa, ib += sb) out[o] = a[ia] + b[ib]
      return
    case 'sub':
      for (; o < end; o++, ia += sa, ib += sb) out[o] = a[ia] - b[ib]
      return
    case 'mul':
      for (; o < end; o++, ia += sa, ib += sb) out[o] = a[ia] * b[ib]
      return
    case 'div':
      // Storing into an Int32Array truncates toward zero, which is the int32 contract.
      for (; o < end; o++, ia += sa, ib += sb) out[o] = a[ia] / b[ib]
      return
    case 'pow':
      if (int) for (; o < end; o++, ia += sa, ib += sb) out[o] = powInt(a[ia], b[ib])
      else for (; o < end; o++, ia += sa, ib += sb) out[o] = powFloat(a[ia], b[ib])
      return
    case 'maximum':
      // Math.max/min propagate NaN, as torch.maximum/minimum do.
      for (; o < end; o++, ia += sa, ib += sb) out[o] = Math.max(a[ia], b[ib])
      return
    case 'minimum':
      for (; o < end; o++, ia += sa, ib += sb) out[o] = Math.min(a[ia], b[ib])
      return
    case 'eq':
      for (; o < end; o++, ia += sa, ib += sb) out[o] = a[ia] === b[ib] ? 1 : 0
      return
    case 'ne':
      for (; o < end; o++, ia += sa, ib += sb) out[o] = a[ia] !== b[ib] ? 1 : 0
      return
    case 'lt':
      for (; o < end; o++, ia += sa, ib += sb) out[o] = a[ia] < b[ib] ? 1 : 0
      return
    case 'le':
      for (; o < end; o++, ia += sa, ib += sb) out[o] = a[ia] <= b[ib] ? 1 : 0
      return
    case 'gt':
      for (; o < end; o++, ia += sa, ib += sb) out[o] = a[ia] > b[ib] ? 1 : 0
      return
    case 'ge':
      for (; o < end; o++, ia += sa, ib += sb) out[o] = a[ia] >= b[ib] ? 1 : 0
      return
    case 'logicalAnd':
      for (; o < end; o++, ia += sa, ib += sb) out[o] = a[ia] !== 0 && b[ib] !== 0 ? 1 : 0
      return
    case 'logicalOr':
      for (; o < end; o++, ia += sa, ib += sb) out[o] = a[ia] !== 0 || b[ib] !== 0 ? 1 : 0
      return
  }
}

/**
 * int32 add, sub and mul, computed in doubles (exact: sums stay below 2^33, and a product past
 * 2^53 is far outside int32) and checked, since othergrad's integers never wrap.
 */
function int32Row(
  op: 'add' | 'sub' | 'mul',
  a: DataArray,
  ia: number,
  sa: number,
  b: DataArray,
  ib: number,
  sb: number,
  out: DataArray,
  o: number,
  n: number,
): void {
  const end = o + n
  let v = 0
  switch (op) {
    case 'add':
      for (; o < end; o++, ia += sa, ib += sb) {
        v = a[ia] + b[ib]
        if (v > INT32_MAX || v < INT32_MIN) overflow(op, a[ia], b[ib])
        out[o] = v
      }
      return
    case 'sub':
      for (; o < end; o++, ia += sa, ib += sb) {
        v = a[ia] - b[ib]
        if (v > INT32_MAX || v < INT32_MIN) overflow(op, a[ia], b[ib])
        out[o] = v
      }
      return
    case 'mul':
      for (; o < end; o++, ia += sa, ib += sb) {
        v = a[ia] * b[ib]
        if (v > INT32_MAX || v < INT32_MIN) overflow(op, a[ia], b[ib])
        out[o] = v
      }
      return
  }
}

/**
 * `out = op(a, b)` with NumPy broadcasting of `aShape` and `bShape` to `outShape`. `dtype` is
 * the operands' dtype; `out` is bool for comparisons and logical ops, else `dtype`.
 */
export function binaryImpl(
  op: BinaryOp,
  dtype: DType,
  a: DataArray,
  aShape: Shape,
  b: DataArray,
  bShape: Shape,
  out: DataArray,
  outShape: Shape,
): void {
  const size = numel(outShape)
  if (size === 0) return
  const aSize = numel(aShape)
  const bSize = numel(bShape)
  // An operand with the output's element count can only differ from it by leading 1s, so it is
  // read in order; a size-1 operand is read with stride 0. Both skip the index bookkeeping.
  if ((aSize === size || aSize === 1) && (bSize === size || bSize === 1)) {
    binaryRow(
      op,
      dtype === 'int32',
      a,
      0,
      aSize === 1 ? 0 : 1,
      b,
      0,
      bSize === 1 ? 0 : 1,
      out,
      0,
      size,
    )
    saturateBools(op, dtype, out)
    return
  }
  const strides = [broadcastStrides(aShape, outShape), broadcastStrides(bShape, outShape)]
  binaryStrided(op, dtype, a, 0, b, 0, strides, out, outShape)
}

/** `out = op(a, b)` reading each operand through its own strides and offset. */
function binaryStrided(
  op: BinaryOp,
  dtype: DType,
  a: DataArray,
  aOffset: number,
  b: DataArray,
  bOffset: number,
  operandStrides: number[][],
  out: DataArray,
  outShape: Shape,
): void {
  const size = out.length
  const { shape, strides } = collapse(outShape, operandStrides)
  const rank = shape.length
  const n = shape[rank - 1]
  const sa = strides[0][rank - 1]
  const sb = strides[1][rank - 1]
  const index = new Array<number>(rank).fill(0)
  const offsets = [aOffset, bOffset]
  const int = dtype === 'int32'
  for (let o = 0; o < size; o += n) {
    binaryRow(op, int, a, offsets[0], sa, b, offsets[1], sb, out, o, n)
    advance(index, shape, rank - 1, strides, offsets)
  }
  saturateBools(op, dtype, out)
}

/** Bool arithmetic saturates like torch (True + True is True); the loops can store 2. */
function saturateBools(op: BinaryOp, dtype: DType, out: DataArray): void {
  if (dtype !== 'bool' || COMPARISON_OPS.includes(op)) return
  for (let i = 0; i < out.length; i++) out[i] = out[i] !== 0 ? 1 : 0
}

/** Elementwise binary kernel with broadcasting; operands may be strided views. */
export function binary(
  store: CpuStore,
  op: BinaryOp,
  a: TensorInfo,
  b: TensorInfo,
  outShape: Shape,
): Storage {
  const outDtype = COMPARISON_OPS.includes(op) ? 'bool' : a.dtype
  const out = store.alloc(outDtype, numel(outShape))
  if (out.values.length === 0) return out
  if (isPlainOperand(a) && isPlainOperand(b)) {
    binaryImpl(op, a.dtype, valuesOf(a), a.shape, valuesOf(b), b.shape, out.values, outShape)
  } else {
    const strides = [viewBroadcastStrides(a, outShape), viewBroadcastStrides(b, outShape)]
    const [ia, ib] = [a.offset ?? 0, b.offset ?? 0]
    binaryStrided(op, a.dtype, valuesOf(a), ia, valuesOf(b), ib, strides, out.values, outShape)
  }
  return out
}
