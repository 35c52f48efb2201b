/**
 * Log-softmax and its backward over rows of length `n` of a contiguous tensor. float32 runs
 * four lanes at a time with the SIMD exp; float64 is scalar.
 */
import { F32, expF32x4, sumF32x4 } from '../simd'

/** Largest element of a float32 run; max propagates NaN, so a NaN row gives a NaN result. */
@inline
function maxF32(x: usize, n: i32): f32 {
  let i = 0
  let m: f32 = -Infinity
  if (n >= 4) {
    let v = f32x4.splat(-Infinity)
    for (; i + 4 <= n; i += 4) v = f32x4.max(v, v128.load(x + ((<usize>i) << 2)))
    m = max(
      max(f32x4.extract_lane(v, 0), f32x4.extract_lane(v, 1)),
      max(f32x4.extract_lane(v, 2), f32x4.extract_lane(v, 3)),
    )
  }
  for (; i < n; i++) m = max(m, load<f32>(x + ((<usize>i) << 2)))
  return m
}

/**
 * `out = x - max - log(sum(exp(x - max)))` per row. Subtracting the row max keeps every exp
 * argument ≤ 0, so nothing overflows; NaN and ±inf rows give NaN as in torch.
 */
export function logSoftmax(dtype: i32, x: usize, out: usize, rows: i32, n: i32): void {
  for (let r = 0; r < rows; r++) {
    if (dtype == F32) {
      const row = x + <usize>r * ((<usize>n) << 2)
      const dst = out + <usize>r * ((<usize>n) << 2)
      const m = maxF32(row, n)
      const mv = f32x4.splat(m)
      let acc = f32x4.splat(0)
      let i = 0
      for (; i + 4 <= n; i += 4)
        acc = f32x4.add(acc, expF32x4(f32x4.sub(v128.load(row + ((<usize>i) << 2)), mv)))
      let sum = sumF32x4(acc)
      for (; i < n; i++) sum += Mathf.exp(load<f32>(row + ((<usize>i) << 2)) - m)
      const shift = m + Mathf.log(sum)
      const sv = f32x4.splat(shift)
      i = 0
      for (; i + 4 <= n; i += 4)
        v128.store(dst + ((<usize>i) << 2), f32x4.sub(v128.load(row + ((<usize>i) << 2)), sv))
      for (; i < n; i++)
        store<f32>(dst + ((<usize>i) << 2), load<f32>(row + ((<usize>i) << 2)) - shift)
    } else {
      const row = x + <usize>r * ((<usize>n) << 3)
      const dst = out + <usize>r * ((<usize>n) << 3)
      let m = -Infinity
      for (let i = 0; i < n; i++) m = max(m, load<f64>(row + ((<usize>i) << 3)))
      let sum = 0.0
      for (let i = 0; i < n; i++) sum += Math.exp(load<f64>(row + ((<usize>i) << 3)) - m)
      const shift = m + Math.log(sum)
      for (let i = 0; i < n; i++)
        store<f64>(dst + ((<usize>i) << 3), load<f64>(row + ((<usize>i) << 3)) - shift)
    }
  }
}

/**
 * `out = dy - exp(y) * sum(dy)` per row, with `y` the log-softmax output: `exp(y)` is the
 * softmax, and d(log-softmax)/dx is `I - softmax` broadcast along the row.
 */
export function logSoftmaxBackward(
  dtype: i32,
  dy: usize,
  y: usize,
  out: usize,
  rows: i32,
  n: i32,
): void {
  for (let r = 0; r < rows; r++) {
    if (dtype == F32) {
      const off = <usize>r * ((<usize>n) << 2)
      const g = dy + off
      const yr = y + off
      const dst = out + off
      let acc = f32x4.splat(0)
      let i = 0
      for (; i + 4 <= n; i += 4) acc = f32x4.add(acc, v128.load(g + ((<usize>i) << 2)))
      let sum = sumF32x4(acc)
      for (; i < n; i++) sum += load<f32>(g + ((<usize>i) << 2))
      const sv = f32x4.splat(sum)
      i = 0
      for (; i + 4 <= n; i += 4) {
        const o = (<usize>i) << 2
        v128.store(dst + o, f32x4.sub(v128.load(g + o), f32x4.mul(expF32x4(v128.load(yr + o)), sv)))
      }
      for (; i < n; i++) {
        const o = (<usize>i) << 2
        store<f32>(dst + o, load<f32>(g + o) - Mathf.exp(load<f32>(yr + o)) * sum)
      }
    } else {
      const off = <usize>r * ((<usize>n) << 3)
      let sum = 0.0
      for (let i = 0; i < n; i++) sum += load<f64>(dy + off + ((<usize>i) << 3))
      for (let i = 0; i < n; i++) {
        const o = off + ((<usize>i) << 3)
        store<f64>(out + o, load<f64>(dy + o) - Math.exp(load<f64>(y + o)) * sum)
      }
    }
  }
}
