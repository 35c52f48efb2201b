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
