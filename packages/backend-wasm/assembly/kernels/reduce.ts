/**
 * Reductions over the two shapes every reduce is cut into by the glue: `[rows, n]` reducing the
 * contiguous inner run of each row (`reduceRows`), and `[r, k]` folding `r` whole rows together
 * (`reduceCols`). With `accumulate` the fold starts from `out`, so the glue can chain calls for
 * layouts with more blocks. float32 sum/max/min run four lanes at a time; max/min propagate NaN
 * (wasm's min/max do). Input and output share a dtype (the glue widens bool to int32 first).
 */
import { F32, F64, OpAdd, OpMax, OpMin, OpMul, applyF32, applyF32x4 } from '../simd'

const SUM = 0
const MAX = 1
const MIN = 2
const PROD = 3

@inline
function foldF32(op: i32, acc: f32, x: f32): f32 {
  switch (op) {
    case SUM:
      return acc + x
    case MAX:
      return max(acc, x)
    case MIN:
      return min(acc, x)
    default:
      return acc * x
  }
}

@inline
function foldF64(op: i32, acc: f64, x: f64): f64 {
  switch (op) {
    case SUM:
      return acc + x
    case MAX:
      return max(acc, x)
    case MIN:
      return min(acc, x)
    default:
      return acc * x
  }
}

/** int32 folds wrap like C integers. */
@inline
function foldI32(op: i32, acc: i32, x: i32): i32 {
  switch (op) {
    case SUM:
      return acc + x
    case MAX:
      return acc > x ? acc : x
    case MIN:
      return acc < x ? acc : x
    default:
      return acc * x
  }
}

@inline
function identityF64(op: i32): f64 {
  return op == SUM ? 0 : op == PROD ? 1 : op == MAX ? -Infinity : Infinity
}

/** One contiguous float32 run folded to a scalar: four vector accumulators, then the lanes. */
@inline
function runF32Op<Op>(x: usize, n: i32, acc: f32, identity: f32): f32 {
  let i = 0
  if (n >= 16) {
    const init = f32x4.splat(identity)
    let a0 = init,
      a1 = init,
      a2 = init,
      a3 = init
    for (; i + 16 <= n; i += 16) {
      const p = x + ((<usize>i) << 2)
      a0 = applyF32x4<Op>(a0, v128.load(p))
      a1 = applyF32x4<Op>(a1, v128.load(p, 16))
      a2 = applyF32x4<Op>(a2, v128.load(p, 32))
      a3 = applyF32x4<Op>(a3, v128.load(p, 48))
    }
    const v = applyF32x4<Op>(applyF32x4<Op>(a0, a1), applyF32x4<Op>(a2, a3))
    acc = applyF32<Op>(acc, f32x4.extract_lane(v, 0))
    acc = applyF32<Op>(acc, f32x4.extract_lane(v, 1))
    acc = applyF32<Op>(acc, f32x4.extract_lane(v, 2))
    acc = applyF32<Op>(acc, f32x4.extract_lane(v, 3))
  }
  for (; i < n; i++) acc = applyF32<Op>(acc, load<f32>(x + ((<usize>i) << 2)))
  return acc
}

function runF32(op: i32, x: usize, n: i32, acc: f32): f32 {
  const identity = <f32>identityF64(op)
  switch (op) {
    case SUM:
      return runF32Op<OpAdd>(x, n, acc, identity)
    case MAX:
      return runF32Op<OpMax>(x, n, acc, identity)
    case MIN:
      return runF32Op<OpMin>(x, n, acc, identity)
    default:
      return runF32Op<OpMul>(x, n, acc, identity)
  }
}

/** `out[r] (op)= fold(x[r * n .. r * n + n))` for `rows` rows. */
export function reduceRows(
  op: i32,
  dtype: i32,
  x: usize,
  out: usize,
  rows: i32,
  n: i32,
  accumulate: bool,
): void {
  const init = identityF64(op)
  for (let r = 0; r < rows; r++) {
    const start = <usize>r * <usize>n
    if (dtype == F32) {
      const o = out + ((<usize>r) << 2)
      store<f32>(o, runF32(op, x + (start << 2), n, accumulate ? load<f32>(o) : <f32>init))
    } else if (dtype == F64) {
      const o = out + ((<usize>r) << 3)
      let acc = accumulate ? load<f64>(o) : init
      const p = x + (start << 3)
      for (let i = 0; i < n; i++) acc = foldF64(op, acc, load<f64>(p + ((<usize>i) << 3)))
      store<f64>(o, acc)
    } else {
      const o = out + ((<usize>r) << 2)
      let acc = accumulate
        ? load<i32>(o)
        : op == SUM
          ? 0
          : op == PROD
            ? 1
            : load<i32>(x + (start << 2))
      const p = x + (start << 2)
      for (let i = 0; i < n; i++) acc = foldI32(op, acc, load<i32>(p + ((<usize>i) << 2)))
      store<i32>(o, acc)
    }
  }
}

/**
 * `out[j] (op)= fold_i(x[i * ld + j])` for `r` rows of `k` columns, `ld` elements apart: whole
 * rows folded elementwise. A column range of a wider matrix is `k < ld` (how threads split it).
 */
export function reduceCols(
  op: i32,
  dtype: i32,
  x: usize,
  out: usize,
  r: i32,
  k: i32,
  ld: i32,
  accumulate: bool,
): void {
  const size: usize = dtype == F64 ? 8 : 4
  const rowBytes = <usize>ld * size
  let i = 0
  if (!accumulate) {
    // The first row seeds the output, so no identity pass is needed.
    memory.copy(out, x, <usize>k * size)
    i = 1
  }
  for (; i < r; i++) {
    const row = x + <usize>i * rowBytes
    if (dtype == F32) {
      let j = 0
      // One loop per op: the tag types make each its own instantiation (see simd.ts).
      if (op == SUM) j = colsF32x4<OpAdd>(row, out, k)
      else if (op == MAX) j = colsF32x4<OpMax>(row, out, k)
      else if (op == MIN) j = colsF32x4<OpMin>(row, out, k)
      else j = colsF32x4<OpMul>(row, out, k)
      for (; j < k; j++) {
        const o = out + ((<usize>j) << 2)
        store<f32>(o, foldF32(op, load<f32>(o), load<f32>(row + ((<usize>j) << 2))))
      }
    } else if (dtype == F64) {
      for (let j = 0; j < k; j++) {
        const o = out + ((<usize>j) << 3)
        store<f64>(o, foldF64(op, load<f64>(o), load<f64>(row + ((<usize>j) << 3))))
      }
    } else {
      for (let j = 0; j < k; j++) {
        const o = out + ((<usize>j) << 2)
        store<i32>(o, foldI32(op, load<i32>(o), load<i32>(row + ((<usize>j) << 2))))
      }
    }
  }
}

/** `out[0, k & ~3) (op)= row[...]`, four lanes at a time; returns how far it got. */
@inline
function colsF32x4<Op>(row: usize, out: usize, k: i32): i32 {
  const end = (<usize>(k & ~3)) << 2
  for (let o: usize = 0; o < end; o += 16) {
    v128.store(out + o, applyF32x4<Op>(v128.load(out + o), v128.load(row + o)))
  }
  return k & ~3
}
