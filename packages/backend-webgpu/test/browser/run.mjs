/* global process, console, URL */
/**
 * Runs the kernel unit tests and the conformance suite in headless Chromium on `navigator.gpu`:
 * bundles them with esbuild (vitest aliased to a small in-page shim), serves the bundle and the
 * fixtures from memory through request interception (no server, no network), and prints one line
 * per failure and a closing `N passed, N failed`. Uses the system Chromium (Debian: apt-get install -y chromium);
 * CHROMIUM_PATH overrides it. Never downloads a browser.
 */
import { existsSync, readdirSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { chromium } from 'playwright-core'

const here = dirname(fileURLToPath(import.meta.url))
const require = createRequire(import.meta.url)
const fixtures = join(dirname(require.resolve('@othergrad/conformance/package.json')), 'fixtures')
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const TIMEOUT_MS = 10 * 60 * 1000

if (!existsSync(executablePath)) {
  console.error(
    `browser tests: no Chromium at ${executablePath}; install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH`,
  )
  process.exit(1)
}

const shim = join(here, 'vitestShim.ts')
// The kernel unit tests run here too, before the suite: they cover what its small shapes do
// not (tiled matmul, workgroup-per-row reductions, the 2-D dispatch grid).
const kernels = join(here, '../../src/kernels')
const unitTests = readdirSync(kernels)
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => join(kernels, f))
const bundle = await build({
  stdin: {
    contents: [...unitTests, join(here, 'entry.ts')]
      .map((f) => `import ${JSON.stringify(f)}`)
      .join('\n'),
    resolveDir: here,
    loader: 'ts',
  },
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  conditions: ['source'],
  // The test files are imported for their side effects, which "sideEffects": false would drop.
  ignoreAnnotations: true,
  // The fixture loader's node:fs fallback is never called in the page.
  external: ['node:*'],
  logLevel: 'warning',
  plugins: [
    {
      name: 'vitest-shim',
      setup(b) {
        b.onResolve({ filter: /^vitest$/ }, () => ({ path: shim }))
      },
    },
  ],
})
const script = bundle.outputFiles[0].text

const browser = await chromium.launch({
  executablePath,
  args: [
    '--enable-unsafe-webgpu',
    '--no-sandbox',
    '--disable-gpu-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
})
let passed = 0
let failed = 0
let skipped = 0
try {
  const page = await browser.newPage()
  // An error before the first test reports means the bundle did not load: stop, do not wait.
  let started = false
  let loadError
  const loadFailed = new Promise((_, reject) => (loadError = reject))
  loadFailed.catch(() => {})
  page.on('pageerror', (e) => {
    console.error(`page error: ${e.message}`)
    if (!started) loadError(new Error(`browser tests: the page failed to load: ${e.message}`))
  })
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning')
      console.error(`page ${m.type()}: ${m.text()}`)
    else console.log(m.text())
  })
  await page.exposeFunction('othergradReport', (r) => {
    started = true
    if (r.skipped) skipped++
    else if (r.ok) passed++
    else {
      failed++
      console.log(`FAIL ${r.name}\n  ${r.error.split('\n').join('\n  ')}`)
    }
  })
  // localhost is a secure context, which navigator.gpu requires.
  await page.route('http://localhost/**', async (route) => {
    const path = new URL(route.request().url()).pathname
    if (path === '/') {
      return route.fulfill({
        contentType: 'text/html',
        body: '<!doctype html><title>othergrad webgpu tests</title><script type="module" src="/tests.js"></script>',
      })
    }
    if (path === '/tests.js') return route.fulfill({ contentType: 'text/javascript', body: script })
    const match = /^\/fixtures\/([A-Za-z0-9_]+\.json)$/.exec(path)
    if (match) {
      try {
        return route.fulfill({
          contentType: 'application/json',
          body: await readFile(join(fixtures, match[1])),
        })
      } catch {
        return route.fulfill({ status: 404, body: 'not found' })
      }
    }
    return route.fulfill({ status: 404, body: 'not found' })
  })
  const start = Date.now()
  await page.goto('http://localhost/')
  const results = await Promise.race([
    page.waitForFunction(() => globalThis.othergradTests, undefined, {
      timeout: TIMEOUT_MS,
      polling: 250,
    }),
    loadFailed,
  ])
  const { passed: p, failed: f, skipped: s } = await results.jsonValue()
  console.log(
    `browser tests (Chromium ${browser.version()}): ${((Date.now() - start) / 1000).toFixed(1)} s`,
  )
  passed = p
  failed = f
  skipped = s
} finally {
  await browser.close()
}
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`)
process.exit(failed === 0 && passed > 0 ? 0 : 1)
