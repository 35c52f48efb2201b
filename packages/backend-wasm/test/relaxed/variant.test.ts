/**
 * Choosing the build where the engine runs relaxed SIMD (vitest.relaxed.config.ts starts Node
 * with --experimental-wasm-relaxed-simd): detection picks it, the option forces either, the
 * threads run it, and the relaxed build really fuses (x86 since Haswell and every ARM64 core
 * have a fused multiply-add, which V8 uses for relaxed_madd).
 */
import { describe, expect, it } from 'vitest'
import { wasmBackend } from '../../src/index'
import { FUSED, UNFUSED, fusedProduct } from '../fusedProduct'

describe('relaxed SIMD available', () => {
  it('detects it by default', () => {
    expect(wasmBackend({ name: 'wasm-detect' }).simd).toBe('relaxed')
  })

  it('fuses the multiply-adds of a matmul on the relaxed build', async () => {
    const backend = wasmBackend({ simd: 'relaxed', name: 'wasm-fused' })
    expect(await fusedProduct(backend)).toBe(FUSED)
    expect(backend.memory().relaxedSimd).toBe(1)
  })

  it('rounds twice on the SIMD128 build when it is forced', async () => {
    const backend = wasmBackend({ simd: 'simd128', name: 'wasm-unfused' })
    expect(backend.simd).toBe('simd128')
    expect(await fusedProduct(backend)).toBe(UNFUSED)
    expect(backend.memory().relaxedSimd).toBe(0)
  })

  it('runs the relaxed build on the workers too', async () => {
    const backend = wasmBackend({ simd: 'relaxed', threads: 2, name: 'wasm-relaxed-pool' })
    await backend.init!()
    expect(backend.memory().threads).toBe(2)
    expect(backend.kernelApi).toMatchObject({ simd: 'relaxed', threads: 2 })
  })
})
