import { registerConformanceSuite } from '@othergrad/conformance'
import { cpuBackend } from '@othergrad/backend-cpu'
import { convCases } from '../src/conformance/index'

registerConformanceSuite({
  name: 'cpu',
  backend: () => cpuBackend(),
  dtypes: ['float32', 'float64'],
  coreCases: false,
  extraCases: convCases(),
})
