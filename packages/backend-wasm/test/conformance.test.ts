import { registerConformanceSuite } from '@othergrad/conformance'
import { wasmBackend } from '../src/index'

registerConformanceSuite({
  name: 'wasm',
  backend: () => wasmBackend(),
  dtypes: ['float32', 'float64'],
})
