/** The gradient of relu from its output, four float32 lanes at a time. */
import { F32, F64 } from '../simd'

/**
 * `out = y <= 0 ? 0 : dy`, torch's `threshold_backward`: a NaN `y` passes `dy` through and a
 * NaN `dy` is dropped where `y <= 0`, which `dy * (y > 0)` would get wrong both ways.
 */
export function reluBackward(dtype: i32, dy: usize, y: usize, out: usize, n: i32): void {
  if (dtype == F32) {
    const zero = f32x4.splat(0)
    const end = (<usize>(n & ~3)) << 2
    for (let o: usize = 0; o < end; o += 16) {
      v128.store(out + o, v128.bitselect(zero, v128.load(dy + o), f32x4.le(v128.load(y + o), zero)))
    }
    for (let i = n & ~3; i < n; i++) {
      const o = (<usize>i) << 2
      store<f32>(out + o, load<f32>(y + o) <= 0 ? 0 : load<f32>(dy + o))
    }
  } else if (dtype == F64) {
    for (let i = 0; i < n; i++) {
      const o = (<usize>i) << 3
      store<f64>(out + o, load<f64>(y + o) <= 0 ? 0 : load<f64>(dy + o))
    }
  } else {
    for (let i = 0; i < n; i++) {
      const o = (<usize>i) << 2
      store<i32>(out + o, load<i32>(y + o) <= 0 ? 0 : load<i32>(dy + o))
    }
  }
}
