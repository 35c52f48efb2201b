/**
 * The browser page's tests (run.mjs runs them): op-conv's conformance cases on wasm (one thread
 * and two: the page is cross-origin isolated) and on `navigator.gpu`, kernels installed.
 */
import { describe, expect, it } from 'vitest'
import { registerConformanceSuite } from '@othergrad/conformance'
import { fetchFixture } from '@othergrad/test-utils/browser/page'
import { use, type Backend } from '@othergrad/core'
import { wasmBackend } from '@othergrad/backend-wasm'
import { webgpuBackend } from '@othergrad/backend-webgpu'
import { convOps } from '../../src/index'
import { convCases } from '../../src/conformance/index'

describe('page', () => {
  it('is cross-origin isolated', () => {
    expect(globalThis.crossOriginIsolated).toBe(true)
  })
})

use(convOps())
const extraCases = convCases(fetchFixture)

registerConformanceSuite({
  name: 'wasm',
  backend: () => wasmBackend(),
  dtypes: ['float32', 'float64'],
  coreCases: false,
  extraCases,
  loadFixture: fetchFixture,
})

registerConformanceSuite({
  name: 'wasm-threads',
  backend: () => twoThreads(wasmBackend({ threads: 2, name: 'wasm-threads' })),
  dtypes: ['float32', 'float64'],
  coreCases: false,
  extraCases,
  loadFixture: fetchFixture,
})

registerConformanceSuite({
  name: 'webgpu',
  backend: () => webgpuBackend(),
  dtypes: ['float32'],
  coreCases: false,
  extraCases,
  loadFixture: fetchFixture,
})

/** The threaded backend, checked to run two threads (it quietly keeps one when workers fail). */
async function twoThreads(backend: Backend): Promise<Backend> {
  await backend.init!()
  const { threads } = backend.memory()
  if (threads !== 2)
    throw new Error(`wasm-threads: the backend runs on ${threads} thread(s), not 2`)
  return backend
}
