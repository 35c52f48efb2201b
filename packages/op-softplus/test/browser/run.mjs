/* global process */
/**
 * Runs op-softplus's WASM kernel tests (one thread and two, workers included) and its WebGPU
 * kernel tests in headless Chromium, through @othergrad/test-utils's runner: threads need shared
 * memory, which only a cross-origin isolated page has (hence the COOP/COEP headers), and WebGPU
 * runs on SwiftShader.
 */
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runInChromium } from '@othergrad/test-utils/browser'

const here = dirname(fileURLToPath(import.meta.url))

const { ok } = await runInChromium({
  title: 'op-softplus',
  entries: [join(here, 'entry.ts'), join(here, '../wasm.test.ts')],
  extraArgs: ['--enable-unsafe-webgpu'],
  headers: {
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
  },
})
process.exit(ok ? 0 : 1)
