import { registerConformanceSuite } from '@othergrad/conformance'
import { nodeWebgpuBackend } from '@othergrad/backend-webgpu/node'
import { use } from '@othergrad/core'
import { convOps } from '../src/index'
import { convCases } from '../src/conformance/index'

// WGSL has no f64: float32 only (the gradcheck cases need float64 and do not run here).
use(convOps())
registerConformanceSuite({
  name: 'webgpu',
  backend: () => nodeWebgpuBackend(),
  dtypes: ['float32'],
  coreCases: false,
  extraCases: convCases(),
})
