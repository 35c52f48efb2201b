/* global process */
/**
 * Runs the kernel unit tests and the conformance suite in headless Chromium on `navigator.gpu`
 * (WebGPU on SwiftShader), through @othergrad/test-utils's runner.
 */
import { readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runInChromium } from '@othergrad/test-utils/browser'

const here = dirname(fileURLToPath(import.meta.url))
const require = createRequire(import.meta.url)
// The kernel unit tests run here too, before the suite: they cover what its small shapes do
// not (tiled matmul, workgroup-per-row reductions, the 2-D dispatch grid).
const kernels = join(here, '../../src/kernels')
const unitTests = readdirSync(kernels)
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => join(kernels, f))

const { ok } = await runInChromium({
  title: 'webgpu',
  entries: [...unitTests, join(here, 'entry.ts')],
  fixtures: join(dirname(require.resolve('@othergrad/conformance/package.json')), 'fixtures'),
  extraArgs: ['--enable-unsafe-webgpu'],
})
process.exit(ok ? 0 : 1)
