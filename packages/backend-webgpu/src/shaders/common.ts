/**
 * WGSL shared by every shader: the parameter block, float helpers with torch's edge cases (GLSL,
 * which Dawn's OpenGL ES backend emits, leaves log, sqrt and pow undefined where torch is not),
 * and the index walks that map an output position to each operand through its strides.
 */
import type { GpuDType, WgslType } from '../storage'

/** Invocations per workgroup of the one-thread-per-element shaders (fits every device's limit). */
export const WORKGROUP = 64

/**
 * Shapes and strides arrive as 64 u32s in one uniform slot: `P(0)` is the number of work items
 * and `P(1)` the flattened row width of the 2-D grid (see `GpuRuntime.grid`).
 */
export const PARAMS = /* wgsl */ `
struct Params { p: array<vec4<u32>, 16> }
@group(0) @binding(0) var<uniform> params: Params;
fn P(i: u32) -> u32 { return params.p[i / 4u][i % 4u]; }
`

/** NaN tests on the bits, since shader compilers may fold `x != x` away. */
export const FLOAT_BITS = /* wgsl */ `
fn isNan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
fn isInf(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) == 0x7f800000u; }
// A var, not a constant: WGSL rejects constant expressions that evaluate to NaN or infinity.
fn nanF32() -> f32 { var bits = 0x7fc00000u; return bitcast<f32>(bits); }
fn infF32() -> f32 { var bits = 0x7f800000u; return bitcast<f32>(bits); }
// exp that keeps NaN: SwiftShader's exp(NaN) is +inf.
fn expF(x: f32) -> f32 { if (isNan(x)) { return x; } return exp(x); }
// max/min that propagate NaN, as torch.maximum, max and argmax do.
fn maxF(a: f32, b: f32) -> f32 { if (isNan(a) || isNan(b)) { return nanF32(); } return max(a, b); }
fn minF(a: f32, b: f32) -> f32 { if (isNan(a) || isNan(b)) { return nanF32(); } return min(a, b); }
`

/** Elementary functions with C/torch semantics at the edges, and accurate near zero. */
export const FLOAT_MATH = /* wgsl */ `
fn logF(x: f32) -> f32 {
  if (isNan(x) || x < 0.0) { return nanF32(); }
  if (x == 0.0) { return -infF32(); }
  return log(x);
}

fn sqrtF(x: f32) -> f32 {
  if (isNan(x) || x < 0.0) { return nanF32(); }
  return sqrt(x);
}

// e^x - 1: a Taylor polynomial near 0, where exp(x) - 1 would cancel away the digits.
fn expm1F(x: f32) -> f32 {
  if (abs(x) < 0.5) {
    var t = 1.0 / 362880.0;
    t = fma(t, x, 1.0 / 40320.0);
    t = fma(t, x, 1.0 / 5040.0);
    t = fma(t, x, 1.0 / 720.0);
    t = fma(t, x, 1.0 / 120.0);
    t = fma(t, x, 1.0 / 24.0);
    t = fma(t, x, 1.0 / 6.0);
    t = fma(t, x, 0.5);
    t = fma(t, x, 1.0);
    return t * x;
  }
  return expF(x) - 1.0;
}

// log(1 + x) = 2 atanh(s) with s = x / (2 + x): an odd series in s that converges fast near 0.
fn log1pF(x: f32) -> f32 {
  if (abs(x) < 0.5) {
    let s = x / (2.0 + x);
    let s2 = s * s;
    var t = 1.0 / 13.0;
    t = fma(t, s2, 1.0 / 11.0);
    t = fma(t, s2, 1.0 / 9.0);
    t = fma(t, s2, 1.0 / 7.0);
    t = fma(t, s2, 1.0 / 5.0);
    t = fma(t, s2, 1.0 / 3.0);
    t = fma(t, s2, 1.0);
    return 2.0 * s * t;
  }
  if (isInf(x) && x > 0.0) { return x; }
  return logF(1.0 + x);
}

// sin and cos from a Cody-Waite reduction by pi/2 (in three parts, so q * part is exact) and
// Cephes' polynomials on [-pi/4, pi/4]: some drivers' built-ins are only good to about 1e-4.
fn sinCosF(x: f32) -> vec2<f32> {
  let q = floor(x * 0.63661977236758134 + 0.5);
  let r = ((x - q * 1.5703125) - q * 4.837512969970703125e-4) - q * 7.54978995489188216e-8;
  let r2 = r * r;
  let s = r + r * r2 * (-1.6666654611e-1 + r2 * (8.3321608736e-3 + r2 * -1.9515295891e-4));
  let c = 1.0 - 0.5 * r2
    + r2 * r2 * (4.166664568298827e-2 + r2 * (-1.388731625493765e-3 + r2 * 2.443315711809948e-5));
  // The quadrant picks which polynomial and sign: sin(r + q pi/2), cos(r + q pi/2).
  switch (i32(q) & 3i) {
    case 0i: { return vec2<f32>(s, c); }
    case 1i: { return vec2<f32>(c, -s); }
    case 2i: { return vec2<f32>(-s, -c); }
    default: { return vec2<f32>(-c, s); }
  }
}

// tanh(|x|) = -m / (2 + m) with m = e^(-2|x|) - 1: no overflow, and no cancellation near 0.
fn tanhF(x: f32) -> f32 {
  let m = expm1F(-2.0 * abs(x));
  let t = -m / (2.0 + m);
  return select(t, -t, x < 0.0);
}

// exp of a non-positive argument only, so large |x| never overflows.
fn sigmoidF(x: f32) -> f32 {
  if (x >= 0.0) { return 1.0 / (1.0 + expF(-x)); }
  let e = expF(x);
  return e / (1.0 + e);
}

// torch.round: halves go to the even neighbour, spelled out so no driver rounding mode leaks in.
fn roundF(x: f32) -> f32 {
  let f = floor(x);
  let d = x - f;
  if (d > 0.5 || (d == 0.5 && f - 2.0 * floor(f * 0.5) != 0.0)) { return f + 1.0; }
  return f;
}

// C's pow, which torch follows. GLSL's pow is undefined for x < 0 and for x = 0, y <= 0, so
// the sign and the special cases are handled here and only |x|^y of finite values is computed.
fn powF(x: f32, y: f32) -> f32 {
  if (y == 0.0 || x == 1.0) { return 1.0; }
  if (isNan(x) || isNan(y)) { return nanF32(); }
  let ax = abs(x);
  let yInt = floor(y) == y;
  let yOdd = yInt && abs(y) < 16777216.0 && y - 2.0 * floor(y * 0.5) != 0.0;
  if (x < 0.0 && !isInf(x) && !yInt) { return nanF32(); }
  var r: f32;
  if (isInf(y)) {
    if (ax == 1.0) { return 1.0; }
    r = select(0.0, infF32(), (ax > 1.0) == (y > 0.0));
  } else if (ax == 0.0) {
    r = select(0.0, infF32(), y < 0.0);
  } else if (isInf(ax)) {
    r = select(0.0, infF32(), y > 0.0);
  } else if (yInt && abs(y) <= 64.0) {
    // Small integer powers by squaring: a few roundings instead of exp2(y * log2(x))'s error.
    var e = u32(abs(y));
    var base = ax;
    r = 1.0;
    loop {
      if ((e & 1u) != 0u) { r *= base; }
      e >>= 1u;
      if (e == 0u) { break; }
      base *= base;
    }
    if (y < 0.0) { r = 1.0 / r; }
  } else {
    r = exp2(y * log2(ax));
  }
  let negative = (bitcast<u32>(x) & 0x80000000u) != 0u;
  return select(r, -r, negative && yOdd);
}

// float -> int32 as torch on x86 does it: truncate toward zero; NaN, infinities and values out of
// int32's range give INT_MIN (WGSL's i32(f32) would clamp).
fn toI32(x: f32) -> i32 {
  if (isNan(x) || isInf(x)) { return bitcast<i32>(0x80000000u); }
  let t = trunc(x);
  if (abs(t) < 2147483648.0) { return i32(t); }
  return bitcast<i32>(0x80000000u);
}
`

/** Integer power by squaring with wrapping products; negative exponents as in ATen's `powi`. */
export const INT_MATH = /* wgsl */ `
fn powI(x: i32, y: i32) -> i32 {
  if (y < 0i) {
    if (x == 1i) { return 1i; }
    if (x == -1i) { return select(-1i, 1i, (y & 1i) == 0i); }
    return 0i;
  }
  var r = 1i;
  var b = x;
  var e = u32(y);
  loop {
    if (e == 0u) { break; }
    if ((e & 1u) != 0u) { r *= b; }
    b *= b;
    e >>= 1u;
  }
  return r;
}
`

/**
 * int32 arithmetic that never wraps: a result outside int32 fails the kernel's device-side check
 * (`checkFlag`, id at `P(CHECK_AT)`, which the shader declares) with the element's operands as
 * the two words, and stores 0 or the wrapped value in its place (the read raises either way).
 */
export const CHECKED_INT_MATH = /* wgsl */ `
const I32_MIN = -2147483647i - 1i;
fn overflowed(a: i32, b: i32) { failCheck(P(CHECK_AT), bitcast<u32>(a), bitcast<u32>(b)); }
// WGSL's i32 arithmetic wraps; a wrapped sum has the opposite sign of both operands, and a
// wrapped product divided by one factor is not the other (INT_MIN / -1 is INT_MIN in WGSL).
fn mulFits(a: i32, b: i32) -> bool {
  return a == 0i || ((a * b) / a == b && !(a == -1i && b == I32_MIN));
}
fn addChecked(a: i32, b: i32) -> i32 {
  let r = a + b;
  if (((a ^ r) & (b ^ r)) < 0i) { overflowed(a, b); }
  return r;
}
fn subChecked(a: i32, b: i32) -> i32 {
  let r = a - b;
  if (((a ^ b) & (a ^ r)) < 0i) { overflowed(a, b); }
  return r;
}
fn mulChecked(a: i32, b: i32) -> i32 {
  if (!mulFits(a, b)) { overflowed(a, b); }
  return a * b;
}
// Power by squaring, each product checked; a square past int32 that is still to be used makes
// the result pass it too.
fn powChecked(x: i32, y: i32) -> i32 {
  if (y < 0i) {
    if (x == 1i) { return 1i; }
    if (x == -1i) { return select(-1i, 1i, (y & 1i) == 0i); }
    return 0i;
  }
  var r = 1i;
  var b = x;
  var e = u32(y);
  loop {
    if ((e & 1u) != 0u) {
      if (!mulFits(r, b)) { overflowed(x, y); return 0i; }
      r *= b;
    }
    e >>= 1u;
    if (e == 0u) { break; }
    if (!mulFits(b, b)) { overflowed(x, y); return 0i; }
    b *= b;
  }
  return r;
}
fn negChecked(v: i32) -> i32 {
  if (v == I32_MIN) { overflowed(v, 0i); }
  return -v;
}
fn absChecked(v: i32) -> i32 {
  if (v == I32_MIN) { overflowed(v, 0i); }
  return abs(v);
}
`

/** The storage declaration of one binding. */
export function storage(
  binding: number,
  name: string,
  type: WgslType,
  access: 'read' | 'read_write' = 'read',
): string {
  return `@group(0) @binding(${binding}) var<storage, ${access}> ${name}: array<${type}>;`
}

/** The entry point of a one-invocation-per-item shader: `i` is the item, past the end returns. */
export const ELEMENTWISE_MAIN = /* wgsl */ `
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x + gid.y * P(1u);
  if (i >= P(0u)) { return; }`

/**
 * `fn offsets(pos: u32) -> vec4<u32>`: row-major position `index` of a `rank`-dim shape (at
 * `P(shapeAt)`) walked back to one offset per operand, operand `k` with strides at
 * `P(stridesAt[k])` (0 on broadcast dims). Up to four operands.
 */
export function offsetsFn(rank: number, shapeAt: number, stridesAt: readonly number[]): string {
  const strides = [0, 1, 2, 3].map((k) =>
    k < stridesAt.length ? `P(${stridesAt[k]}u + u32(d))` : '0u',
  )
  return /* wgsl */ `
fn offsets(pos: u32) -> vec4<u32> {
  var rem = pos;
  var off = vec4<u32>();
  for (var d = ${rank - 1}i; d >= 0i; d--) {
    let size = P(${shapeAt}u + u32(d));
    let c = rem % size;
    rem = rem / size;
    off += c * vec4<u32>(${strides.join(', ')});
  }
  return off;
}
`
}

/** The WGSL type of a dtype's values in arithmetic: bools compute as i32. */
export function valueType(dtype: GpuDType): 'f32' | 'i32' {
  return dtype === 'float32' ? 'f32' : 'i32'
}
