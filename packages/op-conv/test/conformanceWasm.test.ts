import { registerConformanceSuite } from '@othergrad/conformance'
import { wasmBackend } from '@othergrad/backend-wasm'
import { use } from '@othergrad/core'
import { convOps } from '../src/index'
import { convCases } from '../src/conformance/index'

use(convOps())
registerConformanceSuite({
  name: 'wasm',
  backend: () => wasmBackend(),
  dtypes: ['float32', 'float64'],
  coreCases: false,
  extraCases: convCases(),
})
