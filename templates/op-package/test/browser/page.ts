/**
 * The Chromium page (run.mjs bundles and opens it): gelu's conformance cases on wasm (one
 * thread, and two: the page is cross-origin isolated) and on WebGPU (navigator.gpu), with the
 * fixtures bundled into the page. It leaves every backend's result in `globalThis.geluResults`.
 */
import type { FixtureFile } from '@othergrad/conformance/run'
import { wasmBackend } from '@othergrad/backend-wasm'
import { webgpuBackend } from '@othergrad/backend-webgpu'
import geluFixtures from '../../fixtures/gelu.json'
import { checkBackend, type BackendCheck } from '../checkBackend'

const fixtures = (op: string): FixtureFile<unknown> => {
  if (op !== 'gelu') throw new Error(`no fixture file for op '${op}'`)
  return geluFixtures as FixtureFile<unknown>
}

const page = globalThis as typeof globalThis & { geluResults?: BackendCheck[] | { error: string } }

async function main(): Promise<BackendCheck[]> {
  if (!globalThis.crossOriginIsolated) throw new Error('the page is not cross-origin isolated')
  return [
    await checkBackend(wasmBackend(), ['float32', 'float64'], fixtures),
    await checkBackend(wasmBackend({ threads: 2, name: 'wasm-threads' }), ['float32'], fixtures),
    await checkBackend(webgpuBackend(), ['float32'], fixtures),
  ]
}

main().then(
  (results) => (page.geluResults = results),
  (error: unknown) => (page.geluResults = { error: String((error as Error)?.stack ?? error) }),
)
