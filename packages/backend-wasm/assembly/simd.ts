/** SIMD helpers shared by the kernels. */

/**
 * `exp` on four floats: `2^n · e^r` with `n = round(x / ln 2)` and `|r| ≤ ln 2 / 2`, `e^r` from
 * Cephes' degree-6 expf polynomial (about 1 ulp). `2^n` is applied in two halves so that `n`
 * down to -150 (denormal results) stays representable; x is clamped to [-104, 89], where the
 * result is already 0 or +inf. min/max propagate NaN, so NaN in gives NaN out.
 */
// prettier-ignore
@inline
export function expF32x4(x: v128): v128 {
  x = f32x4.max(f32x4.min(x, f32x4.splat(89)), f32x4.splat(-104))
  const n = f32x4.nearest(f32x4.mul(x, f32x4.splat(1.44269504088896341)))
  // ln 2 split in two so n · ln2_hi is exact.
  let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(0.693359375)))
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(-2.12194440e-4)))
  let p = f32x4.splat(1.9875691500e-4)
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3))
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3))
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2))
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1))
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1))
  p = f32x4.add(f32x4.mul(f32x4.mul(p, r), r), f32x4.add(r, f32x4.splat(1)))
  const ni = i32x4.trunc_sat_f32x4_s(n)
  const n1 = i32x4.shr_s(ni, 1)
  const n2 = i32x4.sub(ni, n1)
  const s1 = i32x4.shl(i32x4.add(n1, i32x4.splat(127)), 23)
  const s2 = i32x4.shl(i32x4.add(n2, i32x4.splat(127)), 23)
  return f32x4.mul(f32x4.mul(p, s1), s2)
}

/**
 * `a * b + c` on four floats. The relaxed-SIMD build (scripts/build-wasm.mjs) compiles it to
 * `f32x4.relaxed_madd`, a fused multiply-add where the hardware has one (one rounding instead of
 * two); the SIMD128 build to a multiply and an add. The condition is a compile-time constant, so
 * each build holds one form and no branch.
 */
@inline
export function maddF32x4(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c)
  return f32x4.add(f32x4.mul(a, b), c)
}

/** Sum of the four lanes. */
@inline
export function sumF32x4(v: v128): f32 {
  return (
    f32x4.extract_lane(v, 0) +
    f32x4.extract_lane(v, 1) +
    (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3))
  )
}

/** Dtype codes shared with the glue (src/kernels/codes.ts). */
export const F32: i32 = 0
export const F64: i32 = 1
export const I32: i32 = 2
export const BOOL: i32 = 3

/*
 * Compile-time op tags. A loop instantiated with a tag type is its own loop with the op's
 * instruction inlined. A runtime op, even one that is constant after inlining, lets binaryen
 * fold the copies back into one loop that branches on the op for every vector.
 */
export type OpAdd = i8
export type OpSub = u8
export type OpMul = i16
export type OpDiv = u16
export type OpMax = i32
export type OpMin = u32

/** The tagged op on four float lanes; max/min propagate NaN, as torch's do. */
@inline
export function applyF32x4<Op>(x: v128, y: v128): v128 {
  if (sizeof<Op>() == 1) return isSigned<Op>() ? f32x4.add(x, y) : f32x4.sub(x, y)
  if (sizeof<Op>() == 2) return isSigned<Op>() ? f32x4.mul(x, y) : f32x4.div(x, y)
  return isSigned<Op>() ? f32x4.max(x, y) : f32x4.min(x, y)
}

/** The tagged op on one float. */
@inline
export function applyF32<Op>(x: f32, y: f32): f32 {
  if (sizeof<Op>() == 1) return isSigned<Op>() ? x + y : x - y
  if (sizeof<Op>() == 2) return isSigned<Op>() ? x * y : x / y
  return isSigned<Op>() ? max(x, y) : min(x, y)
}
