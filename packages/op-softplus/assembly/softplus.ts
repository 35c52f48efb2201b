/**
 * softplus(x) = log(1 + e^(βx)) / β, and x itself where βx > threshold (as torch's), computed
 * as (max(z, 0) + log1p(e^(-|z|))) / β with z = βx so that nothing overflows.
 *
 * float32 runs four lanes at a time; the last 1-3 elements go through the same vector code
 * (copied into a vector), so every element's bits are the same wherever a job's units split
 * the array. float64 is a scalar loop over AssemblyScript's Math (whose exp and log1p read
 * lookup tables in the module's static data).
 */

/**
 * `e^y` for y <= 0 on four floats: `2^n · e^r`, `n = round(y / ln 2)`, `|r| <= ln 2 / 2`, e^r
 * from Cephes' degree-6 expf polynomial (about 1 ulp). 2^n is applied in two halves so that n
 * down to -150 (denormal results) stays representable; below -104 the result is 0.
 */
// prettier-ignore
@inline
function expNonPositiveF32x4(y: v128): v128 {
  const x = f32x4.max(y, f32x4.splat(-104))
  const n = f32x4.nearest(f32x4.mul(x, f32x4.splat(1.44269504088896341)))
  // ln 2 split in two so that n · ln2_hi is exact.
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
 * `log(1 + t)` for t in [0, 1] on four floats. u = 1 + t is split as 2^k · m with m in
 * [√2/2, √2]; log m = 2 atanh(s), s = (m - 1) / (m + 1) (|s| <= 0.172), from its odd series;
 * the rounding error of 1 + t is added back as (t - (u - 1)) / u, so tiny t gives t.
 */
// prettier-ignore
@inline
function log1pUnitF32x4(t: v128): v128 {
  const u = f32x4.add(t, f32x4.splat(1))
  const c = f32x4.div(f32x4.sub(t, f32x4.sub(u, f32x4.splat(1))), u)
  // u is in [1, 2]: halve it above √2.
  const big = f32x4.gt(u, f32x4.splat(1.41421356))
  const m = v128.bitselect(f32x4.mul(u, f32x4.splat(0.5)), u, big)
  const k = v128.and(big, f32x4.splat(0.693147180559945))
  const s = f32x4.div(f32x4.sub(m, f32x4.splat(1)), f32x4.add(m, f32x4.splat(1)))
  const s2 = f32x4.mul(s, s)
  let q = f32x4.splat(1.0 / 9)
  q = f32x4.add(f32x4.mul(q, s2), f32x4.splat(1.0 / 7))
  q = f32x4.add(f32x4.mul(q, s2), f32x4.splat(1.0 / 5))
  q = f32x4.add(f32x4.mul(q, s2), f32x4.splat(1.0 / 3))
  const logM = f32x4.add(f32x4.add(s, s), f32x4.mul(f32x4.mul(f32x4.add(s, s), s2), q))
  return f32x4.add(f32x4.add(k, logM), c)
}

// prettier-ignore
@inline
function softplusF32x4(x: v128, beta: v128, threshold: v128): v128 {
  const z = f32x4.mul(x, beta)
  const t = expNonPositiveF32x4(f32x4.neg(f32x4.abs(z)))
  // max keeps NaN (wasm's max propagates it), so NaN in gives NaN out.
  const smooth = f32x4.div(f32x4.add(f32x4.max(z, f32x4.splat(0)), log1pUnitF32x4(t)), beta)
  return v128.bitselect(x, smooth, f32x4.gt(z, threshold))
}

/** out[i] = softplus(x[i]) over `n` float32s. */
export function softplusF32(x: usize, out: usize, n: i32, beta: f32, threshold: f32): void {
  const b = f32x4.splat(beta)
  const th = f32x4.splat(threshold)
  const n4 = n & ~3
  for (let i = 0; i < n4; i += 4) {
    const at = <usize>i << 2
    v128.store(out + at, softplusF32x4(v128.load(x + at), b, th))
  }
  if (n4 == n) return
  let v = f32x4.splat(0)
  for (let i = n4; i < n; i++) v = setLane(v, i - n4, load<f32>(x + (<usize>i << 2)))
  const y = softplusF32x4(v, b, th)
  for (let i = n4; i < n; i++) store<f32>(out + (<usize>i << 2), getLane(y, i - n4))
}

@inline
function setLane(v: v128, lane: i32, value: f32): v128 {
  if (lane == 0) return f32x4.replace_lane(v, 0, value)
  if (lane == 1) return f32x4.replace_lane(v, 1, value)
  return f32x4.replace_lane(v, 2, value)
}

@inline
function getLane(v: v128, lane: i32): f32 {
  if (lane == 0) return f32x4.extract_lane(v, 0)
  if (lane == 1) return f32x4.extract_lane(v, 1)
  return f32x4.extract_lane(v, 2)
}

/** out[i] = softplus(x[i]) over `n` float64s. */
export function softplusF64(x: usize, out: usize, n: i32, beta: f64, threshold: f64): void {
  for (let i = 0; i < n; i++) {
    const at = <usize>i << 3
    const v = load<f64>(x + at)
    const z = v * beta
    const smooth = (max(z, 0) + Math.log1p(Math.exp(-abs(z)))) / beta
    store<f64>(out + at, z > threshold ? v : smooth)
  }
}

/** The argument block of `softplusUnit`, in bytes (the glue, src/kernels/wasm/softplus.ts, writes it). */
const ARG_DTYPE = 0
const ARG_X = 4
const ARG_OUT = 8
const ARG_N = 12
const ARG_CHUNK = 16
const ARG_BETA = 24
const ARG_THRESHOLD = 32

/**
 * One unit of a threaded softplus: elements [index · chunk, (index + 1) · chunk) of the block
 * `args` describes (dtype 0 float32, 1 float64; chunk a multiple of 4).
 */
export function softplusUnit(index: i32, args: usize, thread: i32): void {
  const n = load<i32>(args, ARG_N)
  const chunk = load<i32>(args, ARG_CHUNK)
  const start = index * chunk
  const count = min(chunk, n - start)
  if (count <= 0) return
  const beta = load<f64>(args, ARG_BETA)
  const threshold = load<f64>(args, ARG_THRESHOLD)
  const x = <usize>load<u32>(args, ARG_X)
  const out = <usize>load<u32>(args, ARG_OUT)
  if (load<i32>(args, ARG_DTYPE) == 1) {
    const at = <usize>start << 3
    softplusF64(x + at, out + at, count, beta, threshold)
  } else {
    const at = <usize>start << 2
    softplusF32(x + at, out + at, count, <f32>beta, <f32>threshold)
  }
}
