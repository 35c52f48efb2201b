import type { Backend } from '@othergrad/core'
import type { SimdVariant } from '../../args'
import { SkipError } from './harness'

/** `wasmBackend`'s options as the browser bench uses them (`simd` once backend-wasm has it). */
export interface WasmOptions {
  threads?: number
  simd?: SimdVariant
}

export type WasmFactory = (options?: WasmOptions) => Backend

/** The kernel variant a backend reports (`backend.simd`); 'simd128' for a backend without it. */
export function simdOf(backend: Backend): SimdVariant {
  const own = (backend as unknown as { simd?: unknown }).simd
  return own === 'relaxed' ? 'relaxed' : 'simd128'
}

/**
 * The backend for a thread count and kernel variant: `{ threads, simd }` passed through. A
 * backend that has no `simd` option runs only its own variant (reported by `simdOf`): that row is
 * measured without the option, the other is skipped. A backend that rejects the variant itself
 * (no relaxed SIMD in this browser) skips the row with its reason.
 */
export function makeWasmBackend(
  factory: WasmFactory,
  threads: number,
  simd: SimdVariant,
): { backend: Backend; optionPassed: boolean } {
  const withThreads: WasmOptions = threads > 1 ? { threads } : {}
  try {
    return { backend: factory({ ...withThreads, simd }), optionPassed: true }
  } catch (e) {
    const message = (e as Error).message
    if (!/unknown option 'simd'/.test(message)) {
      if (/simd|relaxed/i.test(message)) throw new SkipError(message)
      throw e
    }
  }
  const backend = factory(threads > 1 ? withThreads : undefined)
  const own = simdOf(backend)
  if (own !== simd) {
    throw new SkipError(
      `backend-wasm takes no simd option (runs ${own} only), so no '${simd}' variant`,
    )
  }
  return { backend, optionPassed: false }
}
