/**
 * GELU and its backward on the wasm backend's memory, float32 four lanes at a time (SIMD128)
 * and float64 one at a time.
 *
 * Exact form: gelu(x) = x·Φ(x), Φ(x) = erfc(-x/√2)/2, with erfc from Numerical Recipes'
 * Chebyshev fit (`erfccheb`: relative error below 2e-13 with 28 terms, 3e-10 with the first
 * 15, which float32 uses). tanh form: 0.5x(1 + tanh(u)) = x·σ(2u), u = √(2/π)(x + 0.044715x³).
 * Both split on the sign so that only e^(-|…|) is ever computed: nothing overflows.
 *
 * The float32 tail (n not a multiple of 4) goes through the same vector code, so every
 * element's bits are the same wherever the thread pool's units split the array.
 */

// prettier-ignore
const ERFC: StaticArray<f64> = [
  -1.3026537197817094, 6.419697923564902e-1, 1.9476473204185836e-2, -9.561514786808631e-3,
  -9.46595344482036e-4, 3.66839497852761e-4, 4.2523324806907e-5, -2.0278578112534e-5,
  -1.624290004647e-6, 1.30365583558e-6, 1.5626441722e-8, -8.5238095915e-8, 6.529054439e-9,
  5.059343495e-9, -9.91364156e-10, -2.27365122e-10, 9.6467911e-11, 2.394038e-12,
  -6.886027e-12, 8.94487e-13, 3.13092e-13, -1.12708e-13, 3.81e-16, 7.106e-15, -1.523e-15,
  -9.4e-17, 1.21e-16, -2.8e-17,
]
const TERMS_F32 = 15
const SQRT1_2 = 0.7071067811865476
const INV_SQRT_2PI = 0.3989422804014327
const K = 0.7978845608028654 // √(2/π)
const A = 0.044715

/**
 * `e^y` for y <= 0 on four floats: `2^n · e^r`, `n = round(y / ln 2)`, `|r| <= ln 2 / 2`, e^r
 * from Cephes' degree-6 expf polynomial (about 1 ulp). 2^n is applied in two halves so that
 * denormal results stay representable; below -104 the result is 0.
 */
// prettier-ignore
@inline
function expNonPositive(y: v128): v128 {
  const x = f32x4.max(y, f32x4.splat(-104))
  const n = f32x4.nearest(f32x4.mul(x, f32x4.splat(1.44269504088896341)))
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

/** erfc(z)/2 for z >= 0 on four floats (Clenshaw's recurrence over the Chebyshev terms). */
// prettier-ignore
@inline
function halfErfc(z: v128): v128 {
  const t = f32x4.div(f32x4.splat(2), f32x4.add(f32x4.splat(2), z))
  const ty = f32x4.sub(f32x4.mul(f32x4.splat(4), t), f32x4.splat(2))
  let d = f32x4.splat(0)
  let dd = f32x4.splat(0)
  for (let j = TERMS_F32 - 1; j > 0; j--) {
    const tmp = d
    d = f32x4.add(f32x4.sub(f32x4.mul(ty, d), dd), f32x4.splat(<f32>unchecked(ERFC[j])))
    dd = tmp
  }
  const inner = f32x4.mul(f32x4.splat(0.5), f32x4.add(f32x4.splat(<f32>ERFC[0]), f32x4.mul(ty, d)))
  const e = f32x4.sub(f32x4.sub(inner, dd), f32x4.mul(z, z))
  return f32x4.mul(f32x4.mul(t, f32x4.splat(0.5)), expNonPositive(e))
}

/**
 * Φ(x) (exact) or σ(2u) (tanh) on four floats: `1 - h` for x >= 0 and `h` below, with `h` the
 * small tail, made from e^(-|…|) only.
 */
// prettier-ignore
@inline
function cdf(x: v128, tanh: bool): v128 {
  let h: v128
  if (tanh) {
    const u = f32x4.mul(f32x4.splat(<f32>K), f32x4.add(x, f32x4.mul(f32x4.splat(<f32>A), f32x4.mul(x, f32x4.mul(x, x)))))
    const e = expNonPositive(f32x4.mul(f32x4.splat(-2), f32x4.abs(u)))
    h = f32x4.div(e, f32x4.add(f32x4.splat(1), e))
  } else {
    h = halfErfc(f32x4.mul(f32x4.abs(x), f32x4.splat(<f32>SQRT1_2)))
  }
  return v128.bitselect(f32x4.sub(f32x4.splat(1), h), h, f32x4.ge(x, f32x4.splat(0)))
}

/** gelu'(x): Φ(x) + x·φ(x) (exact), or s + 2x·s(1 - s)·u' with s = σ(2u) (tanh). */
// prettier-ignore
@inline
function derivative(x: v128, tanh: bool): v128 {
  const c = cdf(x, tanh)
  const x2 = f32x4.mul(x, x)
  if (tanh) {
    const du = f32x4.mul(f32x4.splat(<f32>K), f32x4.add(f32x4.splat(1), f32x4.mul(f32x4.splat(<f32>(3 * A)), x2)))
    const s1s = f32x4.mul(c, f32x4.sub(f32x4.splat(1), c))
    return f32x4.add(c, f32x4.mul(f32x4.mul(f32x4.add(x, x), s1s), du))
  }
  const pdf = f32x4.mul(expNonPositive(f32x4.mul(x2, f32x4.splat(-0.5))), f32x4.splat(<f32>INV_SQRT_2PI))
  return f32x4.add(c, f32x4.mul(x, pdf))
}

// prettier-ignore
@inline
function geluF32x4(x: v128, dy: v128, backward: bool, tanh: bool): v128 {
  return backward ? f32x4.mul(dy, derivative(x, tanh)) : f32x4.mul(x, cdf(x, tanh))
}

/**
 * out[i] = gelu(x[i]), or dy[i]·gelu'(x[i]) when `backward`, over `n` float32s (`tanh`: the
 * tanh approximation). `dy` is read only when `backward`.
 */
export function geluF32(x: usize, dy: usize, out: usize, n: i32, backward: bool, tanh: bool): void {
  const n4 = n & ~3
  for (let i = 0; i < n4; i += 4) {
    const at = <usize>i << 2
    const g = backward ? v128.load(dy + at) : f32x4.splat(0)
    v128.store(out + at, geluF32x4(v128.load(x + at), g, backward, tanh))
  }
  if (n4 == n) return
  let xv = f32x4.splat(0)
  let gv = f32x4.splat(0)
  for (let i = n4; i < n; i++) {
    const at = <usize>i << 2
    xv = setLane(xv, i - n4, load<f32>(x + at))
    if (backward) gv = setLane(gv, i - n4, load<f32>(dy + at))
  }
  const y = geluF32x4(xv, gv, backward, tanh)
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

/** The same in float64, one element at a time, with every Chebyshev term. */
export function geluF64(x: usize, dy: usize, out: usize, n: i32, backward: bool, tanh: bool): void {
  for (let i = 0; i < n; i++) {
    const at = <usize>i << 3
    const v = load<f64>(x + at)
    let h: f64
    if (tanh) {
      const e = Math.exp(-2 * Math.abs(K * (v + A * v * v * v)))
      h = e / (1 + e)
    } else {
      h = halfErfcF64(Math.abs(v) * SQRT1_2)
    }
    const c = v >= 0 ? 1 - h : h
    if (!backward) {
      store<f64>(out + at, v * c)
      continue
    }
    const d = tanh
      ? c + 2 * v * c * (1 - c) * K * (1 + 3 * A * v * v)
      : c + v * Math.exp(-0.5 * v * v) * INV_SQRT_2PI
    store<f64>(out + at, load<f64>(dy + at) * d)
  }
}

function halfErfcF64(z: f64): f64 {
  const t = 2 / (2 + z)
  const ty = 4 * t - 2
  let d: f64 = 0
  let dd: f64 = 0
  for (let j = ERFC.length - 1; j > 0; j--) {
    const tmp = d
    d = ty * d - dd + unchecked(ERFC[j])
    dd = tmp
  }
  return 0.5 * t * Math.exp(-z * z + 0.5 * (ERFC[0] + ty * d) - dd)
}

/** The argument block of `geluUnit`, in bytes (src/kernels/wasm/gelu.ts writes it). */
const ARG_FLAGS = 0 // bit 0: float64, bit 1: backward, bit 2: tanh
const ARG_X = 4
const ARG_DY = 8
const ARG_OUT = 12
const ARG_N = 16
const ARG_CHUNK = 20

/**
 * One unit of a threaded GELU: elements [index · chunk, (index + 1) · chunk) of the block at
 * `args` (chunk a multiple of 4, so float32 units never split a vector).
 */
export function geluUnit(index: i32, args: usize, thread: i32): void {
  const n = load<i32>(args, ARG_N)
  const chunk = load<i32>(args, ARG_CHUNK)
  const start = index * chunk
  const count = min(chunk, n - start)
  if (count <= 0) return
  const flags = load<i32>(args, ARG_FLAGS)
  const backward = (flags & 2) != 0
  const tanh = (flags & 4) != 0
  const x = <usize>load<u32>(args, ARG_X)
  const dy = <usize>load<u32>(args, ARG_DY)
  const out = <usize>load<u32>(args, ARG_OUT)
  const shift = (flags & 1) != 0 ? 3 : 2
  const at = <usize>start << shift
  if (shift == 3) geluF64(x + at, dy + at, out + at, count, backward, tanh)
  else geluF32(x + at, dy + at, out + at, count, backward, tanh)
}
