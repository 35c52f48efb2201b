/* global process */
/**
 * Runs op-conv's conformance cases in headless Chromium on wasm (one and two threads, so the page
 * is cross-origin isolated) and WebGPU (SwiftShader), through @othergrad/test-utils's runner.
 */
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runInChromium } from '@othergrad/test-utils/browser'

const here = dirname(fileURLToPath(import.meta.url))

const { ok } = await runInChromium({
  title: 'op-conv',
  entries: [join(here, 'entry.ts')],
  fixtures: join(here, '../../fixtures'),
  extraArgs: ['--enable-unsafe-webgpu'],
  headers: {
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
  },
})
process.exit(ok ? 0 : 1)
