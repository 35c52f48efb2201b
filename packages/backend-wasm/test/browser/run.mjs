/* global process */
/**
 * Runs the kernel unit tests, the thread-pool tests and the conformance suite (single-threaded
 * and on 2 threads) in headless Chromium, through @othergrad/test-utils's runner. Threads need shared memory, which
 * only a cross-origin isolated page has: hence the COOP/COEP headers on everything served.
 */
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runInChromium } from '@othergrad/test-utils/browser'

const here = dirname(fileURLToPath(import.meta.url))
const require = createRequire(import.meta.url)

const { ok } = await runInChromium({
  title: 'wasm',
  // entry.ts first: its isolation check should fail before anything else does.
  entries: [
    join(here, 'entry.ts'),
    join(here, '../kernels.test.ts'),
    // The thread pool's elementwise and optimizer jobs, with the page's main thread spinning
    // (it may not block) where Node's sleeps.
    join(here, '../threadedElementwise.test.ts'),
    join(here, '../optimStep.test.ts'),
  ],
  fixtures: join(dirname(require.resolve('@othergrad/conformance/package.json')), 'fixtures'),
  headers: {
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
  },
})
process.exit(ok ? 0 : 1)
