import { int32OverflowError, numel } from '@othergrad/core/backend'
import type { DataArray, DType, Storage, TensorInfo, UnaryOp } from '@othergrad/core/backend'
import { valuesOf } from '../storage'
import type { CpuStore } from '../storage'

/** torch.round: halves go to the even neighbour (banker's rounding), unlike `Math.round`. */
function roundHalfEven(x: number): number {
  const r = Math.round(x)
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r
}

/**
 * int32 neg, abs and square, checked against int32's range: only -2^31 has no int32 negation or
 * absolute value, and squares are exact in doubles (below 2^62).
 */
function int32Unary(op: 'neg' | 'abs' | 'square', x: DataArray, out: DataArray): void {
  const n = out.length
  const MIN = -2147483648
  switch (op) {
    case 'neg':
      for (let i = 0; i < n; i++) {
        if (x[i] === MIN) throw int32OverflowError(op, MIN)
        out[i] = -x[i]
      }
      return
    case 'abs':
      for (let i = 0; i < n; i++) {
        if (x[i] === MIN) throw int32OverflowError(op, MIN)
        out[i] = x[i] < 0 ? -x[i] : x[i]
      }
      return
    case 'square':
      for (let i = 0; i < n; i++) {
        const v = x[i] * x[i]
        if (v > 2147483647) throw int32OverflowError(op, x[i])
        out[i] = v
      }
      return
  }
}

/**
 * Applies `op` to every element of `x`, writing `out` (same length; bool for `logicalNot`).
 * The op is picked once; each case is its own loop.
 */
export function unaryImpl(op: UnaryOp, dtype: DType, x: DataArray, out: DataArray): void {
  const n = out.length
  // int32 -(-2^31), |-2^31| and squares past 46340 leave int32: raise, never wrap.
  if (dtype === 'int32' && (op === 'neg' || op === 'abs' || op === 'square')) {
    int32Unary(op, x, out)
    return
  }
  switch (op) {
    case 'neg':
      for (let i = 0; i < n; i++) out[i] = -x[i]
      return
    case 'abs':
      for (let i = 0; i < n; i++) out[i] = Math.abs(x[i])
      return
    case 'sign':
      // Like torch: NaN and ±0 give 0.
      for (let i = 0; i < n; i++) out[i] = x[i] > 0 ? 1 : x[i] < 0 ? -1 : 0
      return
    case 'exp':
      for (let i = 0; i < n; i++) out[i] = Math.exp(x[i])
      return
    case 'log':
      for (let i = 0; i < n; i++) out[i] = Math.log(x[i])
      return
    case 'sqrt':
      for (let i = 0; i < n; i++) out[i] = Math.sqrt(x[i])
      return
    case 'rsqrt':
      for (let i = 0; i < n; i++) out[i] = 1 / Math.sqrt(x[i])
      return
    case 'reciprocal':
      for (let i = 0; i < n; i++) out[i] = 1 / x[i]
      return
    case 'square':
      for (let i = 0; i < n; i++) out[i] = x[i] * x[i]
      return
    case 'relu':
      // A comparison rather than Math.max keeps NaN and -0 as torch.relu does.
      for (let i = 0; i < n; i++) out[i] = x[i] < 0 ? 0 : x[i]
      return
    case 'sigmoid':
      // exp of a non-positive argument only, so large |x| never overflows.
      for (let i = 0; i < n; i++) {
        const v = x[i]
        if (v >= 0) {
          out[i] = 1 / (1 + Math.exp(-v))
        } else {
          const e = Math.exp(v)
          out[i] = e / (1 + e)
        }
      }
      return
    case 'tanh':
      for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i])
      return
    case 'sin':
      for (let i = 0; i < n; i++) out[i] = Math.sin(x[i])
      return
    case 'cos':
      for (let i = 0; i < n; i++) out[i] = Math.cos(x[i])
      return
    case 'expm1':
      for (let i = 0; i < n; i++) out[i] = Math.expm1(x[i])
      return
    case 'log1p':
      for (let i = 0; i < n; i++) out[i] = Math.log1p(x[i])
      return
    case 'floor':
      for (let i = 0; i < n; i++) out[i] = Math.floor(x[i])
      return
    case 'ceil':
      for (let i = 0; i < n; i++) out[i] = Math.ceil(x[i])
      return
    case 'round':
      for (let i = 0; i < n; i++) out[i] = roundHalfEven(x[i])
      return
    case 'logicalNot':
      for (let i = 0; i < n; i++) out[i] = x[i] === 0 ? 1 : 0
      return
  }
}

/** Elementwise unary kernel: same dtype out, except `logicalNot` (bool). */
export function unary(store: CpuStore, op: UnaryOp, x: TensorInfo): Storage {
  const size = numel(x.shape)
  const out = store.alloc(op === 'logicalNot' ? 'bool' : x.dtype, size)
  if (size === 0) return out
  unaryImpl(op, x.dtype, valuesOf(x), out.values)
  return out
}
