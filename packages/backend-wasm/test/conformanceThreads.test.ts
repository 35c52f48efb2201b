import { registerConformanceSuite } from '@othergrad/conformance'
import { wasmBackend } from '../src/index'

// The threaded build is a second binary (shared memory, atomics): it must pass the same suite.
registerConformanceSuite({
  name: 'wasm-threads',
  backend: () => wasmBackend({ threads: 2, name: 'wasm-threads' }),
  dtypes: ['float32', 'float64'],
})
