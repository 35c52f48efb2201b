/** The browser page's tests: the conformance suite on `navigator.gpu` (run.mjs runs them). */
import { registerConformanceSuite } from '@othergrad/conformance'
import { fetchFixture } from '@othergrad/test-utils/browser/page'
import { webgpuBackend } from '../../src/index'

registerConformanceSuite({
  name: 'webgpu',
  backend: () => webgpuBackend(),
  dtypes: ['float32'],
  loadFixture: fetchFixture,
})
