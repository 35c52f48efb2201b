/**
 * The `simd` option in an engine without relaxed SIMD (Node 20 without
 * --experimental-wasm-relaxed-simd): detection falls back to SIMD128, forcing relaxed throws,
 * and a bad value is named. test/relaxed/ covers engines that have it.
 */
import { describe, expect, it } from 'vitest'
import { wasmBackend } from '../src/index'
import { UNFUSED, fusedProduct } from './fusedProduct'

const relaxed = process.execArgv.includes('--experimental-wasm-relaxed-simd')

describe.skipIf(relaxed)('simd option without relaxed SIMD', () => {
  it('falls back to SIMD128 by default', async () => {
    const backend = wasmBackend({ name: 'wasm-default' })
    expect(backend.simd).toBe('simd128')
    expect(await fusedProduct(backend)).toBe(UNFUSED)
    expect(backend.memory().relaxedSimd).toBe(0)
  })

  it("throws when 'relaxed' is forced", () => {
    expect(() => wasmBackend({ simd: 'relaxed' })).toThrow(
      /wasmBackend: simd 'relaxed' is not supported by this WebAssembly engine .*--experimental-wasm-relaxed-simd.*use simd: 'simd128'/,
    )
  })
})

describe('simd option', () => {
  it('names a bad value', () => {
    expect(() => wasmBackend({ simd: 'avx' as 'relaxed' })).toThrow(
      "wasmBackend: simd must be 'relaxed' or 'simd128', got 'avx'",
    )
  })

  it('forces SIMD128', () => {
    expect(wasmBackend({ simd: 'simd128' }).simd).toBe('simd128')
  })
})
