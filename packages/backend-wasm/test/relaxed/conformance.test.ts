/**
 * The conformance suite on both builds of the kernels where the engine runs relaxed SIMD
 * (vitest.relaxed.config.ts starts Node with --experimental-wasm-relaxed-simd): the relaxed
 * build on one thread and on two, and the SIMD128 build forced where relaxed is available.
 */
import { registerConformanceSuite } from '@othergrad/conformance'
import { wasmBackend } from '../../src/index'

registerConformanceSuite({
  name: 'wasm-relaxed',
  backend: () => wasmBackend({ simd: 'relaxed', name: 'wasm-relaxed' }),
  dtypes: ['float32', 'float64'],
})

registerConformanceSuite({
  name: 'wasm-relaxed-threads',
  backend: () => wasmBackend({ simd: 'relaxed', threads: 2, name: 'wasm-relaxed-threads' }),
  dtypes: ['float32', 'float64'],
})

registerConformanceSuite({
  name: 'wasm-simd128',
  backend: () => wasmBackend({ simd: 'simd128', name: 'wasm-simd128' }),
  dtypes: ['float32', 'float64'],
})
