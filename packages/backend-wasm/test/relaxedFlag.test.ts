/**
 * Forcing `simd: 'relaxed'` in Node 20, whose V8 has relaxed SIMD behind
 * --experimental-wasm-relaxed-simd: the backend sets the flag itself and runs the fused build.
 * V8 flags hold for the whole process, so vitest.config.ts runs this file in a process of its
 * own (a forked one), where no other test sees the flag change.
 */
import { describe, expect, it } from 'vitest'
import { enableRelaxedSimd, wasmBackend } from '../src/index'
import { relaxedSimdSupported } from '../src/module'
import { FUSED, fusedProduct } from './fusedProduct'

const hasItAlready = relaxedSimdSupported()

describe.skipIf(hasItAlready)('relaxed SIMD behind a V8 flag', () => {
  it("turns the flag on when simd: 'relaxed' is asked for", async () => {
    const backend = wasmBackend({ simd: 'relaxed', threads: 2, name: 'wasm-flag' })
    expect(relaxedSimdSupported()).toBe(true)
    expect(backend.simd).toBe('relaxed')
    expect(await fusedProduct(backend)).toBe(FUSED)
    expect(backend.memory().relaxedSimd).toBe(1)
    expect(enableRelaxedSimd()).toBe(true)
  })
})
