/**
 * Elementwise unary ops. float32 runs four lanes at a time where the op has a SIMD form (and
 * finishes the tail, or the whole run for log/tanh/sin/..., with the scalar form); the other
 * dtypes are scalar loops. Op codes follow core's UNARY_OPS order (see src/kernels/codes.ts).
 */
import { BOOL, F32, F64, expF32x4 } from '../simd'
import { fitsI32, reportOverflow } from '../overflow'

const NEG = 0
const ABS = 1
const SIGN = 2
const EXP = 3
const LOG = 4
const SQRT = 5
const RSQRT = 6
const RECIPROCAL = 7
const SQUARE = 8
const RELU = 9
const SIGMOID = 10
const TANH = 11
const SIN = 12
const COS = 13
const EXPM1 = 14
const LOG1P = 15
const FLOOR = 16
const CEIL = 17
const ROUND = 18
const LOGICAL_NOT = 19

/** One float element; `nearest` is round-half-to-even, as torch.round. */
@inline
function scalarF32(op: i32, x: f32): f32 {
  switch (op) {
    case NEG:
      return -x
    case ABS:
      return abs(x)
    // Like torch: NaN and ±0 give 0.
    case SIGN:
      return x > 0 ? 1 : x < 0 ? -1 : 0
    case EXP:
      return Mathf.exp(x)
    case LOG:
      return Mathf.log(x)
    case SQRT:
      return sqrt(x)
    case RSQRT:
      return 1 / sqrt(x)
    case RECIPROCAL:
      return 1 / x
    case SQUARE:
      return x * x
    // A comparison rather than max keeps NaN and -0, as torch.relu does.
    case RELU:
      return x < 0 ? 0 : x
    case SIGMOID:
      return 1 / (1 + Mathf.exp(-x))
    case TANH:
      return Mathf.tanh(x)
    case SIN:
      return Mathf.sin(x)
    case COS:
      return Mathf.cos(x)
    case EXPM1:
      return Mathf.expm1(x)
    case LOG1P:
      return Mathf.log1p(x)
    case FLOOR:
      return floor(x)
    case CEIL:
      return ceil(x)
    case ROUND:
      return nearest(x)
    default:
      return x
  }
}

@inline
function scalarF64(op: i32, x: f64): f64 {
  switch (op) {
    case NEG:
      return -x
    case ABS:
      return abs(x)
    case SIGN:
      return x > 0 ? 1 : x < 0 ? -1 : 0
    case EXP:
      return Math.exp(x)
    case LOG:
      return Math.log(x)
    case SQRT:
      return sqrt(x)
    case RSQRT:
      return 1 / sqrt(x)
    case RECIPROCAL:
      return 1 / x
    case SQUARE:
      return x * x
    case RELU:
      return x < 0 ? 0 : x
    // exp of a non-positive argument only, so large |x| never overflows.
    case SIGMOID: {
      if (x >= 0) return 1 / (1 + Math.exp(-x))
      const e = Math.exp(x)
      return e / (1 + e)
    }
    case TANH:
      return Math.tanh(x)
    case SIN:
      return Math.sin(x)
    case COS:
      return Math.cos(x)
    case EXPM1:
      return Math.expm1(x)
    case LOG1P:
      return Math.log1p(x)
    case FLOOR:
      return floor(x)
    case CEIL:
      return ceil(x)
    case ROUND:
      return nearest(x)
    default:
      return x
  }
}

/**
 * int32 (and bool, whose values are 0/1). -(-2^31), |-2^31| and squares past 46340 leave int32:
 * they are reported (see overflow.ts), never wrapped.
 */
@inline
function scalarInt(op: i32, x: i32): i32 {
  switch (op) {
    case NEG:
      if (x == i32.MIN_VALUE) reportOverflow(x, 0)
      return -x
    case ABS:
      if (x == i32.MIN_VALUE) reportOverflow(x, 0)
      return x < 0 ? -x : x
    case SIGN:
      return x > 0 ? 1 : x < 0 ? -1 : 0
    case SQUARE: {
      const v = <i64>x * <i64>x
      if (!fitsI32(v)) reportOverflow(x, 0)
      return <i32>v
    }
    case RELU:
      return x < 0 ? 0 : x
    default:
      return x
  }
}

/** float32 ops with a SIMD form; returns where it stopped, the scalar loop does the rest. */
function unaryF32x4(op: i32, x: usize, out: usize, n: i32): usize {
  const end = x + ((<usize>(n & ~3)) << 2)
  const zero = f32x4.splat(0)
  const one = f32x4.splat(1)
  switch (op) {
    case NEG:
      for (; x < end; x += 16, out += 16) v128.store(out, f32x4.neg(v128.load(x)))
      break
    case ABS:
      for (; x < end; x += 16, out += 16) v128.store(out, f32x4.abs(v128.load(x)))
      break
    case SIGN: {
      for (; x < end; x += 16, out += 16) {
        const v = v128.load(x)
        const pos = v128.and(f32x4.gt(v, zero), one)
        const neg = v128.and(f32x4.lt(v, zero), f32x4.splat(-1))
        v128.store(out, v128.or(pos, neg))
      }
      break
    }
    case EXP:
      for (; x < end; x += 16, out += 16) v128.store(out, expF32x4(v128.load(x)))
      break
    case SQRT:
      for (; x < end; x += 16, out += 16) v128.store(out, f32x4.sqrt(v128.load(x)))
      break
    case RSQRT: {
      for (; x < end; x += 16, out += 16) v128.store(out, f32x4.div(one, f32x4.sqrt(v128.load(x))))
      break
    }
    case RECIPROCAL: {
      for (; x < end; x += 16, out += 16) v128.store(out, f32x4.div(one, v128.load(x)))
      break
    }
    case SQUARE: {
      for (; x < end; x += 16, out += 16) {
        const v = v128.load(x)
        v128.store(out, f32x4.mul(v, v))
      }
      break
    }
    case RELU: {
      for (; x < end; x += 16, out += 16) {
        const v = v128.load(x)
        v128.store(out, v128.bitselect(zero, v, f32x4.lt(v, zero)))
      }
      break
    }
    case SIGMOID: {
      // 1 / (1 + e^-x): e^-x overflows to inf for very negative x, giving the right 0.
      for (; x < end; x += 16, out += 16) {
        const e = expF32x4(f32x4.neg(v128.load(x)))
        v128.store(out, f32x4.div(one, f32x4.add(one, e)))
      }
      break
    }
    case FLOOR:
      for (; x < end; x += 16, out += 16) v128.store(out, f32x4.floor(v128.load(x)))
      break
    case CEIL:
      for (; x < end; x += 16, out += 16) v128.store(out, f32x4.ceil(v128.load(x)))
      break
    case ROUND: {
      for (; x < end; x += 16, out += 16) v128.store(out, f32x4.nearest(v128.load(x)))
      break
    }
  }
  return x
}

/**
 * `out[i] = op(x[i])` for `n` elements of `dtype`. `logicalNot` writes bool (one byte each);
 * every other op writes the input dtype.
 */
export function unary(op: i32, dtype: i32, x: usize, out: usize, n: i32): void {
  if (op == LOGICAL_NOT) {
    const size = dtype == F64 ? 8 : dtype == BOOL ? 1 : 4
    for (let i = 0; i < n; i++) {
      const p = x + <usize>i * size
      const zero =
        dtype == F32
          ? load<f32>(p) == 0
          : dtype == F64
            ? load<f64>(p) == 0
            : dtype == BOOL
              ? load<u8>(p) == 0
              : load<i32>(p) == 0
      store<u8>(out + <usize>i, zero ? 1 : 0)
    }
    return
  }
  if (dtype == F32) {
    const start = x
    x = unaryF32x4(op, x, out, n)
    out += x - start
    const end = start + ((<usize>n) << 2)
    for (; x < end; x += 4, out += 4) store<f32>(out, scalarF32(op, load<f32>(x)))
  } else if (dtype == F64) {
    const end = x + ((<usize>n) << 3)
    for (; x < end; x += 8, out += 8) store<f64>(out, scalarF64(op, load<f64>(x)))
  } else if (dtype == BOOL) {
    for (let i = 0; i < n; i++)
      store<u8>(out + <usize>i, scalarInt(op, load<u8>(x + <usize>i)) != 0 ? 1 : 0)
  } else {
    const end = x + ((<usize>n) << 2)
    for (; x < end; x += 4, out += 4) store<i32>(out, scalarInt(op, load<i32>(x)))
  }
}
