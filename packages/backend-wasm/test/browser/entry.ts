/**
 * The browser page's own tests, which run.mjs runs before ../kernels.test.ts: a check that the
 * page is cross-origin isolated and that Chromium gets the relaxed-SIMD build, then the
 * conformance suite on that build on one thread and on two, and on the SIMD128 build forced.
 */
import { describe, expect, it } from 'vitest'
import { registerConformanceSuite } from '@othergrad/conformance'
import { fetchFixture } from '@othergrad/test-utils/browser/page'
import type { Backend } from '@othergrad/core/backend'
import { wasmBackend } from '../../src/index'
import { FUSED, fusedProduct } from '../fusedProduct'

describe('page', () => {
  // Without isolation there is no shared memory, and a threaded backend runs on one thread.
  it('is cross-origin isolated', () => {
    expect(globalThis.crossOriginIsolated).toBe(true)
  })

  // Chromium has run relaxed SIMD by default since 114: detection must pick it, and it fuses.
  it('runs the relaxed-SIMD build by default', async () => {
    const backend = wasmBackend({ name: 'wasm-detect' })
    expect(backend.simd).toBe('relaxed')
    expect(await fusedProduct(backend)).toBe(FUSED)
  })
})

registerConformanceSuite({
  name: 'wasm',
  backend: () => wasmBackend(),
  dtypes: ['float32', 'float64'],
  loadFixture: fetchFixture,
})

registerConformanceSuite({
  name: 'wasm-threads',
  backend: () => twoThreads(wasmBackend({ threads: 2, name: 'wasm-threads' })),
  dtypes: ['float32', 'float64'],
  loadFixture: fetchFixture,
})

registerConformanceSuite({
  name: 'wasm-simd128',
  backend: () => wasmBackend({ simd: 'simd128', name: 'wasm-simd128' }),
  dtypes: ['float32', 'float64'],
  loadFixture: fetchFixture,
})

/**
 * Initialises `backend` and checks that its pool started: when the workers fail to start it
 * quietly keeps one thread, which must fail the run rather than pass it on one thread.
 */
async function twoThreads(backend: Backend): Promise<Backend> {
  await backend.init!()
  const { threads } = backend.memory()
  if (threads !== 2)
    throw new Error(`wasm-threads: the backend runs on ${threads} thread(s), not 2`)
  return backend
}
