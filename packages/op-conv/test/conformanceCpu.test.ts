import { registerConformanceSuite } from '@othergrad/conformance'
import { cpuBackend } from '@othergrad/backend-cpu'
import { use } from '@othergrad/core'
import { convOps } from '../src/index'
import { convCases } from '../src/conformance/index'

use(convOps())
registerConformanceSuite({
  name: 'cpu',
  backend: () => cpuBackend(),
  dtypes: ['float32', 'float64'],
  coreCases: false,
  extraCases: convCases(),
})
