import { registerConformanceSuite } from '@othergrad/conformance'
import { cpuBackend } from '@othergrad/backend-cpu'
import { convCases } from '../src/conformance/index'

// Without use(convOps()): every op runs as its composite of core ops, as on a backend no
// kernel of this package targets.
registerConformanceSuite({
  name: 'cpu',
  backend: () => cpuBackend(),
  dtypes: ['float32', 'float64'],
  coreCases: false,
  extraCases: convCases(),
})
