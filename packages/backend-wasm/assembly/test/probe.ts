/**
 * A package module for the tests of WasmKernelApi.instantiate: static data of every kind
 * AssemblyScript emits (Math's lookup tables, memory.data, an array whose header points at its
 * buffer, strings for abort), a mutable static word, and a kernel.
 */

const TABLE = memory.data<f64>([0.5, 1.5, 2.5, 3.5])
const COUNTER = memory.data(8)
const ARRAY: i32[] = [10, 20, 30]

/** out[i] = exp(x[i]) over float64, through Math.exp's lookup tables. */
export function expAll(x: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const at = <usize>i << 3
    store<f64>(out + at, Math.exp(load<f64>(x + at)))
  }
}

export function table(i: i32): f64 {
  return load<f64>(TABLE + (<usize>i << 3))
}

export function arrayItem(i: i32): i32 {
  return ARRAY[i]
}

/** Adds one to this instance's counter and returns it. */
export function bump(): i32 {
  const next = load<i32>(COUNTER) + 1
  store<i32>(COUNTER, next)
  return next
}

export function staticAddresses(out: usize): void {
  store<u32>(out, <u32>TABLE)
  store<u32>(out + 4, <u32>COUNTER)
  store<u32>(out + 8, <u32>changetype<usize>(ARRAY))
  store<u32>(out + 12, <u32>__heap_base)
}

export function check(n: i32): i32 {
  if (n < 0) abort('n must not be negative', 'probe.ts', 47, 3)
  return n
}

/**
 * A unit of an independent job: out[index] = exp(index / 8) (float64), threads[index] = the
 * thread that ran it. args: out, threads (pointers), spin (busy work per unit, so that every
 * thread gets a share), then 8 bytes the busy work writes to.
 */
export function fillUnit(index: i32, args: usize, thread: i32): void {
  const out = load<u32>(args)
  const threads = load<u32>(args, 4)
  const spin = load<i32>(args, 8)
  let busy: f64 = 0
  for (let i = 0; i < spin; i++) busy += Math.exp(<f64>i * 1e-9)
  // Kept somewhere, so the busy work is not optimized away.
  store<f64>(args, busy, 16)
  store<f64>(out + (<usize>index << 3), Math.exp(<f64>index / 8))
  store<i32>(threads + (<usize>index << 2), thread)
}

/**
 * A unit of a two-phase job: phase 0 (units 0 .. n - 1) writes a[index] = index + 1; phase 1
 * (units n .. 2n - 1) writes b[index - n] = the sum of a, which is only right if phase 0 has
 * finished. args: n, a, b, then a word the busy work writes to.
 */
export function phasedUnit(index: i32, args: usize, thread: i32): void {
  const n = load<i32>(args)
  const a = load<u32>(args, 4)
  const b = load<u32>(args, 8)
  if (index < n) {
    let busy: i32 = 0
    for (let i = 0; i < 20000 * (n - index); i++) busy += i ^ thread
    store<i32>(args, busy, 12)
    store<i32>(a + (<usize>index << 2), index + 1)
    return
  }
  let sum = 0
  for (let i = 0; i < n; i++) sum += load<i32>(a + (<usize>i << 2))
  store<i32>(b + (<usize>(index - n) << 2), sum)
}

/** Traps in unit `load<i32>(args)`. */
export function failUnit(index: i32, args: usize, thread: i32): void {
  if (index == load<i32>(args)) unreachable()
}
