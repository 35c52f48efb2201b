import { registerConformanceSuite } from '@othergrad/conformance'
import { cpuBackend } from '../src/index'

registerConformanceSuite({
  name: 'cpu',
  backend: () => cpuBackend(),
  dtypes: ['float32', 'float64'],
})
