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
  return Math.fround(x * Math.fround(Math.fround(to) - f) + f)
}

/** Uniform double in [from, to): 53 random bits from two draws. */
export function uniformFloat64(from: number, to: number): number {
  const hi = random32()
  const lo = random32()
  const x = ((hi & 0x1fffff) * 2 ** 32 + lo) * 2 ** -53
  return x * (to - from) + from
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
