/**
 * Operator packages' modules (SIMD128, built by buildPackageModule) on backends running the
 * relaxed-SIMD build: the same suite as ../packageModule.test.ts, whose backends detect the
 * build and so get the relaxed one here (vitest.relaxed.config.ts starts Node with the flag).
 */
import '../packageModule.test'
import { expect, it } from 'vitest'
import { wasmBackend } from '../../src/index'

it('runs them on the relaxed build', () => {
  expect(wasmBackend({ name: 'wasm-relaxed-check' }).simd).toBe('relaxed')
})
