/**
 * Where int32 kernels report a result outside int32 (othergrad's integers never wrap): three i32
 * words in static memory, the same address in every thread's instance. Word 0 is set to 1 by the
 * first element that fails and words 1 and 2 hold its operands; the glue reads them after the
 * kernel (after every thread has finished), raises core's int32OverflowError, and clears word 0.
 */
const OVERFLOW: usize = memory.data(16, 16)

/** The flag's byte address, for the glue. */
export function overflowFlag(): usize {
  return OVERFLOW
}

/** Records the operands of an element whose result left int32 (the first one; others are ignored). */
export function reportOverflow(a: i32, b: i32): void {
  // Threads may fail at once: the one that sets the flag writes the operands.
  if (ASC_FEATURE_THREADS) {
    if (atomic.cmpxchg<i32>(OVERFLOW, 0, 1) != 0) return
  } else {
    if (load<i32>(OVERFLOW) != 0) return
    store<i32>(OVERFLOW, 1)
  }
  store<i32>(OVERFLOW, a, 4)
  store<i32>(OVERFLOW, b, 8)
}

/** Whether a 64-bit result fits int32. */
@inline
export function fitsI32(v: i64): bool {
  return v == <i64>(<i32>v)
}
