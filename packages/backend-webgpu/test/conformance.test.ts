import { registerConformanceSuite } from '@othergrad/conformance'
import { nodeWebgpuBackend } from '../src/node'

// WGSL has no f64: the suite runs in float32 only (float64 is a clear error on this backend).
registerConformanceSuite({
  name: 'webgpu',
  backend: () => nodeWebgpuBackend(),
  dtypes: ['float32'],
})
