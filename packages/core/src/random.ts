/**
 * The one seeded generator: MT19937, as PyTorch's CPU generator, with PyTorch's transformations
 * for uniform floats, so `manualSeed(s); rand(n)` and `uniform_` draw what PyTorch draws.
 */
const N = 624
const M = 397
const state = new Uint32Array(N)
let index = N + 1
let cachedNormal: number | undefined

/** PyTorch's default CPU seed, so unseeded programs are reproducible too. */
const DEFAULT_SEED = 67280421310721

function seedState(seed: number): void {
  // mt19937 takes the low 32 bits of the seed, as PyTorch's mt19937(uint64 seed) does.
  state[0] = Number(BigInt.asUintN(32, BigInt(Math.trunc(seed))))
  for (let i = 1; i < N; i++) {
    const prev = state[i - 1] ^ (state[i - 1] >>> 30)
    // 1812433253 * prev + i, in 32-bit arithmetic
    state[i] = (Math.imul(1812433253, prev) + i) >>> 0
  }
  index = N
  cachedNormal = undefined
}

function twist(): void {
  for (let i = 0; i < N; i++) {
    const y = (state[i] & 0x80000000) | (state[(i + 1) % N] & 0x7fffffff)
    let v = state[(i + M) % N] ^ (y >>> 1)
    if (y & 1) v ^= 0x9908b0df
    state[i] = v >>> 0
  }
  index = 0
}

/** The next 32 random bits. */
export function random32(): number {
  if (index >= N) {
    if (index === N + 1) seedState(DEFAULT_SEED)
    twist()
  }
  let y = state[index++]
  y ^= y >>> 11
  y ^= (y << 7) & 0x9d2c5680
  y ^= (y << 15) & 0xefc60000
  y ^= y >>> 18
  return y >>> 0
}

/**
 * Seeds the generator, like `torch.manual_seed`.
 *
 * @example
 * manualSeed(0)
 */
export function manualSeed(seed: number): void {
  seedState(seed)
}

/**
 * Uniform float32 in [from, to): 24 random bits; `x * (to - from) + from` rounded once to float32
 * (PyTorch's compiled kernel contracts it to one fused multiply-add).
 */
export function uniformFloat32(from: number, to: number): number {
  const f = Math.fround(from)
  const x = (random32() & 0xffffff) * 2 ** -24
  const p = x * Math.fround(Math.fround(to) - f) // exact: 24 x 24 bits fit a double
  const s = p + f
  const y = Math.fround(s)
  // Rounding to double first only misleads the float32 rounding when s lands exactly halfway
  // between two float32 values; then the sign of the lost part picks the side.
  const lost = y === s ? 0 : sumError(p, f, s)
  if (lost === 0) return y
  const other = 2 * s - y
  if (Math.fround(other) !== other) return y
  return lost > 0 === other > y ? other : y
}

/** Uniform double in [from, to): 53 random bits from two draws, then one fused multiply-add. */
export function uniformFloat64(from: number, to: number): number {
  const hi = random32()
  const lo = random32()
  const x = ((hi & 0x1fffff) * 2 ** 32 + lo) * 2 ** -53
  return fma(x, to - from, from)
}

/** The rounding error of `s = a + b` (TwoSum): `a + b = s + error` exactly. */
function sumError(a: number, b: number, s: number): number {
  const bb = s - a
  return a - (s - bb) + (b - bb)
}

const SPLIT = 134217729 // 2^27 + 1, Veltkamp's splitter

/** The rounding error of `p = a * b` (Dekker's TwoProduct): `a * b = p + error` exactly. */
function productError(a: number, b: number, p: number): number {
  let t = SPLIT * a
  const ah = t - (t - a)
  const al = a - ah
  t = SPLIT * b
  const bh = t - (t - b)
  const bl = b - bh
  return ah * bh - p + ah * bl + al * bh + al * bl
}

/**
 * `a * b + c` rounded once, as the FMA instruction PyTorch's kernel compiles to (JS has no
 * Math.fma). Error-free transformations settle almost every case; exact BigInt arithmetic the rest.
 */
function fma(a: number, b: number, c: number): number {
  const p = a * b
  if (!Number.isFinite(p) || !Number.isFinite(c)) return p + c
  const e = productError(a, b, p)
  if (e === 0) return p + c
  if (!Number.isFinite(e)) return exactFma(a, b, c)
  const s = p + c
  const sl = sumError(p, c, s)
  // a * b + c = s + sl + e exactly; when sl + e is exact, one rounding of s + t is the answer.
  const t = sl + e
  return sumError(sl, e, t) === 0 ? s + t : exactFma(a, b, c)
}

const bits = new DataView(new ArrayBuffer(8))

/** A finite double as `m * 2^e` with an integer `m`. */
function scaled(v: number): [bigint, number] {
  if (v === 0) return [0n, 0]
  bits.setFloat64(0, v)
  const hi = bits.getUint32(0)
  const exponent = (hi >>> 20) & 0x7ff
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(bits.getUint32(4))
  if (exponent !== 0) m |= 1n << 52n
  return [hi >>> 31 ? -m : m, (exponent === 0 ? 1 : exponent) - 1075]
}

function exactFma(a: number, b: number, c: number): number {
  const [ma, ea] = scaled(a)
  const [mb, eb] = scaled(b)
  const [mc, ec] = scaled(c)
  const ep = ea + eb
  const e = Math.min(ep, ec)
  let m = ((ma * mb) << BigInt(ep - e)) + (mc << BigInt(ec - e))
  if (m === 0n) return 0
  const negative = m < 0n
  if (negative) m = -m
  // Keep 64 bits plus a sticky bit, so Number() (round half to even) rounds the exact value.
  let shift = m.toString(2).length - 64
  if (shift > 0) {
    const rest = m & ((1n << BigInt(shift)) - 1n)
    m = (m >> BigInt(shift)) | (rest === 0n ? 0n : 1n)
  } else {
    shift = 0
  }
  const k = e + shift
  const half = Math.trunc(k / 2)
  const v = Number(m) * 2 ** half * 2 ** (k - half)
  return negative ? -v : v
}

/** Standard normal sample (Box–Muller on 53-bit uniforms, the second value cached). */
export function normal(): number {
  if (cachedNormal !== undefined) {
    const v = cachedNormal
    cachedNormal = undefined
    return v
  }
  const u1 = uniformFloat64(0, 1)
  const u2 = uniformFloat64(0, 1)
  const r = Math.sqrt(-2 * Math.log1p(-u2))
  const theta = 2 * Math.PI * u1
  cachedNormal = r * Math.sin(theta)
  return r * Math.cos(theta)
}

/** Uniform integer in [low, high). */
export function randomInt(low: number, high: number): number {
  const range = high - low
  if (range <= 2 ** 32) return low + (random32() % range)
  return low + Math.floor(uniformFloat64(0, 1) * range)
}
