/**
 * Elementwise binary ops with NumPy broadcasting. The glue collapses the shapes first, so the
 * kernel walks `rows` rows of `n` elements with per-operand element strides (0 on broadcast dims)
 * and moves a multi-index once per row. float32 rows of unit/zero inner strides run four lanes
 * at a time. Op codes follow core's BINARY_OPS order (see src/kernels/codes.ts).
 */
import { BOOL, F32, F64, OpAdd, OpDiv, OpMax, OpMin, OpMul, OpSub, applyF32x4 } from '../simd'
import { fitsI32, reportOverflow } from '../overflow'

const ADD = 0
const SUB = 1
const MUL = 2
const DIV = 3
const POW = 4
const MAXIMUM = 5
const MINIMUM = 6
const EQ = 7
const NE = 8
const LT = 9
const LE = 10
const GT = 11
const GE = 12
const LOGICAL_AND = 13
const LOGICAL_OR = 14

/**
 * Integer power by squaring; negative exponents as in ATen's `powi`. Products are 64-bit and
 * checked: a result (or a square still to be used) outside int32 is reported, never wrapped.
 */
function powInt(base: i32, y: i32): i32 {
  if (y < 0) return base == 1 ? 1 : base == -1 ? ((y & 1) == 0 ? 1 : -1) : 0
  const e = y
  let x = <i64>base
  let result: i64 = 1
  while (true) {
    if (y & 1) {
      result *= x
      if (!fitsI32(result)) {
        reportOverflow(base, e)
        return 0
      }
    }
    y >>>= 1
    if (y == 0) return <i32>result
    // A square past int32 makes the final result pass it too (|result| ≥ 1 from here on).
    x *= x
    if (x > <i64>i32.MAX_VALUE) {
      reportOverflow(base, e)
      return 0
    }
  }
  return 0
}

/** Stores `v` (an int32 result computed in 64 bits); one outside int32 is reported, not wrapped. */
@inline
function storeChecked(out: usize, v: i64, a: i32, b: i32): void {
  if (!fitsI32(v)) reportOverflow(a, b)
  store<i32>(out, <i32>v)
}

/** int32 add, sub and mul in 64 bits, one loop per op; element strides, byte pointers. */
function checkedIntRow(op: i32, a: usize, sa: usize, b: usize, sb: usize, out: usize, n: i32): void {
  const sab = sa << 2
  const sbb = sb << 2
  const end = out + ((<usize>n) << 2)
  if (op == ADD) {
    for (; out < end; out += 4, a += sab, b += sbb) {
      const x = load<i32>(a)
      const y = load<i32>(b)
      storeChecked(out, <i64>x + <i64>y, x, y)
    }
  } else if (op == SUB) {
    for (; out < end; out += 4, a += sab, b += sbb) {
      const x = load<i32>(a)
      const y = load<i32>(b)
      storeChecked(out, <i64>x - <i64>y, x, y)
    }
  } else {
    for (; out < end; out += 4, a += sab, b += sbb) {
      const x = load<i32>(a)
      const y = load<i32>(b)
      storeChecked(out, <i64>x * <i64>y, x, y)
    }
  }
}

@inline
function arithF32(op: i32, a: f32, b: f32): f32 {
  switch (op) {
    case ADD:
      return a + b
    case SUB:
      return a - b
    case MUL:
      return a * b
    case DIV:
      return a / b
    // musl's pow, which follows C as torch does: pow(1, y) and pow(-1, ±inf) are 1.
    case POW:
      return Mathf.pow(a, b)
    // wasm's min/max propagate NaN, as torch.maximum/minimum do.
    case MAXIMUM:
      return max(a, b)
    default:
      return min(a, b)
  }
}

@inline
function arithF64(op: i32, a: f64, b: f64): f64 {
  switch (op) {
    case ADD:
      return a + b
    case SUB:
      return a - b
    case MUL:
      return a * b
    case DIV:
      return a / b
    case POW:
      return Math.pow(a, b)
    case MAXIMUM:
      return max(a, b)
    default:
      return min(a, b)
  }
}

/** Bool arithmetic (saturated by the caller) and the int32 ops that cannot overflow. */
@inline
function arithInt(op: i32, a: i32, b: i32): i32 {
  switch (op) {
    case ADD:
      return a + b
    case SUB:
      return a - b
    case MUL:
      return a * b
    // Truncates toward zero; x / 0 gives 0 (as a JS store into Int32Array would) instead of
    // trapping, and -x wraps for INT_MIN / -1.
    case DIV:
      return b == 0 ? 0 : b == -1 ? -a : a / b
    case POW:
      return powInt(a, b)
    case MAXIMUM:
      return a > b ? a : b
    default:
      return a < b ? a : b
  }
}

@inline
function compare<T>(op: i32, a: T, b: T): bool {
  switch (op) {
    case EQ:
      return a == b
    case NE:
      return a != b
    case LT:
      return a < b
    case LE:
      return a <= b
    case GT:
      return a > b
    case GE:
      return a >= b
    case LOGICAL_AND:
      return a != 0 && b != 0
    default:
      return a != 0 || b != 0
  }
}

/** The first `n4` (a multiple of 4) elements of a float32 row whose strides are 0 or 1. */
@inline
function simdRow<Op>(a: usize, sa: usize, b: usize, sb: usize, out: usize, n4: usize): void {
  const end = n4 << 2
  if (sa == 1 && sb == 1) {
    for (let o: usize = 0; o < end; o += 16) {
      v128.store(out + o, applyF32x4<Op>(v128.load(a + o), v128.load(b + o)))
    }
  } else if (sa == 0) {
    const x = v128.load32_splat(a)
    for (let o: usize = 0; o < end; o += 16)
      v128.store(out + o, applyF32x4<Op>(x, v128.load(b + o)))
  } else {
    const y = v128.load32_splat(b)
    for (let o: usize = 0; o < end; o += 16)
      v128.store(out + o, applyF32x4<Op>(v128.load(a + o), y))
  }
}

/** One float32 row of an arithmetic op; SIMD when every operand is unit-stride or broadcast. */
function rowF32(op: i32, a: usize, sa: usize, b: usize, sb: usize, out: usize, n: i32): void {
  let i = 0
  // Unit or broadcast strides (not both broadcast: a view may repeat one element twice over).
  if ((sa | sb) == 1 && op != POW) {
    const n4 = <usize>(n & ~3)
    switch (op) {
      case ADD:
        simdRow<OpAdd>(a, sa, b, sb, out, n4)
        break
      case SUB:
        simdRow<OpSub>(a, sa, b, sb, out, n4)
        break
      case MUL:
        simdRow<OpMul>(a, sa, b, sb, out, n4)
        break
      case DIV:
        simdRow<OpDiv>(a, sa, b, sb, out, n4)
        break
      case MAXIMUM:
        simdRow<OpMax>(a, sa, b, sb, out, n4)
        break
      default:
        simdRow<OpMin>(a, sa, b, sb, out, n4)
    }
    i = <i32>n4
  }
  const sab = sa << 2
  const sbb = sb << 2
  let pa = a + <usize>i * sab
  let pb = b + <usize>i * sbb
  for (; i < n; i++, pa += sab, pb += sbb) {
    store<f32>(out + ((<usize>i) << 2), arithF32(op, load<f32>(pa), load<f32>(pb)))
  }
}

/** A comparison row into bool, one loop per operand type. */
@inline
function compareRow<T>(
  op: i32,
  a: usize,
  sa: usize,
  b: usize,
  sb: usize,
  out: usize,
  n: i32,
): void {
  const sab = sa * sizeof<T>()
  const sbb = sb * sizeof<T>()
  for (let i = 0; i < n; i++, a += sab, b += sbb) {
    store<u8>(out + <usize>i, compare<T>(op, load<T>(a), load<T>(b)))
  }
}

/** One row: `out[i] = op(a[i * sa], b[i * sb])`, byte pointers, element strides. */
function row(
  op: i32,
  dtype: i32,
  a: usize,
  sa: usize,
  b: usize,
  sb: usize,
  out: usize,
  n: i32,
): void {
  if (op >= EQ) {
    if (dtype == F32) compareRow<f32>(op, a, sa, b, sb, out, n)
    else if (dtype == F64) compareRow<f64>(op, a, sa, b, sb, out, n)
    else if (dtype == BOOL) compareRow<u8>(op, a, sa, b, sb, out, n)
    else compareRow<i32>(op, a, sa, b, sb, out, n)
  } else if (dtype == F32) {
    rowF32(op, a, sa, b, sb, out, n)
  } else if (dtype == F64) {
    for (let i = 0; i < n; i++) {
      const v = arithF64(
        op,
        load<f64>(a + ((<usize>i * sa) << 3)),
        load<f64>(b + ((<usize>i * sb) << 3)),
      )
      store<f64>(out + ((<usize>i) << 3), v)
    }
  } else if (dtype == BOOL) {
    // Bool arithmetic saturates like torch (True + True is True).
    for (let i = 0; i < n; i++) {
      const v = arithInt(op, load<u8>(a + <usize>i * sa), load<u8>(b + <usize>i * sb))
      store<u8>(out + <usize>i, v != 0 ? 1 : 0)
    }
  } else if (op <= MUL) {
    checkedIntRow(op, a, sa, b, sb, out, n)
  } else {
    for (let i = 0; i < n; i++) {
      const v = arithInt(
        op,
        load<i32>(a + ((<usize>i * sa) << 2)),
        load<i32>(b + ((<usize>i * sb) << 2)),
      )
      store<i32>(out + ((<usize>i) << 2), v)
    }
  }
}

/**
 * One flat run (a rank-1 layout): `out[i] = op(a[i * sa], b[i * sb])`, element strides 0 or 1.
 * The thread pool hands each thread its own range of it.
 */
export function binaryRow(
  op: i32,
  dtype: i32,
  a: usize,
  sa: i32,
  b: usize,
  sb: i32,
  out: usize,
  n: i32,
): void {
  row(op, dtype, a, <usize>sa, b, <usize>sb, out, n)
}

/**
 * `out = op(a, b)` over a collapsed layout. `layout` holds `rank` i32 dims, then `rank` element
 * strides of `a`, then of `b`, then `rank` words of scratch for the multi-index.
 */
export function binary(
  op: i32,
  dtype: i32,
  a: usize,
  b: usize,
  out: usize,
  rank: i32,
  layout: usize,
): void {
  const inSize: usize = dtype == F64 ? 8 : dtype == BOOL ? 1 : 4
  const outSize: usize = op >= EQ ? 1 : inSize
  const last = (<usize>(rank - 1)) << 2
  const dims = layout
  const stridesA = layout + ((<usize>rank) << 2)
  const stridesB = stridesA + ((<usize>rank) << 2)
  const index = stridesB + ((<usize>rank) << 2)
  const n = load<i32>(dims + last)
  const sa = <usize>load<i32>(stridesA + last)
  const sb = <usize>load<i32>(stridesB + last)
  let rows = 1
  for (let d = 0; d < rank - 1; d++) {
    rows *= load<i32>(dims + ((<usize>d) << 2))
    store<i32>(index + ((<usize>d) << 2), 0)
  }
  let oa: usize = 0
  let ob: usize = 0
  const rowBytes = <usize>n * outSize
  for (let r = 0; r < rows; r++, out += rowBytes) {
    row(op, dtype, a + oa * inSize, sa, b + ob * inSize, sb, out, n)
    // Step the multi-index over the outer dims (last fastest), moving both offsets with it.
    for (let d = rank - 2; d >= 0; d--) {
      const dd = (<usize>d) << 2
      oa += <usize>load<i32>(stridesA + dd)
      ob += <usize>load<i32>(stridesB + dd)
      const i = load<i32>(index + dd) + 1
      const size = load<i32>(dims + dd)
      if (i < size) {
        store<i32>(index + dd, i)
        break
      }
      store<i32>(index + dd, 0)
      oa -= <usize>load<i32>(stridesA + dd) * <usize>size
      ob -= <usize>load<i32>(stridesB + dd) * <usize>size
    }
  }
}
