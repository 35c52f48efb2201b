/**
 * The `simd` option in an engine without relaxed SIMD (Node 20 without
 * --experimental-wasm-relaxed-simd): detection falls back to SIMD128, forcing relaxed throws
 * where the flag cannot be set, and a bad value is named. test/relaxed/ covers engines that have it.
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

  // Forcing it turns V8's flag on (test/relaxedFlag.test.ts, in a process of its own); here the
  // flag cannot be set, as in a Node before 20.16 or an engine without relaxed SIMD at all.
  it("throws when 'relaxed' is forced and the engine cannot turn it on", () => {
    const proc = process as { getBuiltinModule?: unknown }
    const getBuiltinModule = proc.getBuiltinModule
    proc.getBuiltinModule = () => undefined
    try {
      expect(() => wasmBackend({ simd: 'relaxed' })).toThrow(
        /wasmBackend: simd 'relaxed' is not supported by this WebAssembly engine .*Node 20.16\+\); use simd: 'simd128'/,
      )
    } finally {
      proc.getBuiltinModule = getBuiltinModule
    }
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
