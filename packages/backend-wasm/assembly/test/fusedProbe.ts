/**
 * `a * b + c` on lane 0, fused where the module is the relaxed-SIMD build of a package module
 * (buildPackageModule's `relaxed`), twice rounded in the plain SIMD128 build: which build a
 * backend instantiated shows in the last bits.
 */
export function madd(a: f32, b: f32, c: f32): f32 {
  const va = f32x4.splat(a)
  const vb = f32x4.splat(b)
  const vc = f32x4.splat(c)
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.extract_lane(f32x4.relaxed_madd(va, vb, vc), 0)
  return f32x4.extract_lane(f32x4.add(f32x4.mul(va, vb), vc), 0)
}
