/** The browser page's script: the conformance suite on `navigator.gpu`, run by the vitest shim. */
import { registerConformanceSuite, type FixtureFile } from '@othergrad/conformance'
import { webgpuBackend } from '../../src/index'
import { runCollected, type TestResult } from './vitestShim'

interface PageGlobals {
  /** Set when every test has run; test/browser/run.mjs waits for it. */
  othergradTests?: { passed: number; failed: number; skipped: number }
  /** Exposed by run.mjs: called once per test as it finishes. */
  othergradReport?: (r: TestResult) => void
}

const page = globalThis as typeof globalThis & PageGlobals

registerConformanceSuite({
  name: 'webgpu',
  backend: () => webgpuBackend(),
  dtypes: ['float32'],
  loadFixture: async (op) => {
    const response = await fetch(`/fixtures/${op}.json`)
    if (!response.ok) throw new Error(`no fixture file for op '${op}' (${response.status})`)
    return (await response.json()) as FixtureFile<unknown>
  },
})

void runCollected((r) => page.othergradReport?.(r)).then((all) => {
  const failed = all.filter((r) => !r.ok).length
  const skipped = all.filter((r) => r.skipped).length
  page.othergradTests = { passed: all.length - failed - skipped, failed, skipped }
})
