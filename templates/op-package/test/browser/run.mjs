/* global console, process, URL */
/**
 * Runs test/browser/page.ts in headless Chromium: bundles it with esbuild, serves it from
 * memory (request interception: no server, no network) with the COOP/COEP headers that wasm
 * threads need, and fails unless every backend's check passed. Uses the system Chromium
 * (/usr/bin/chromium, or CHROMIUM_PATH); never downloads a browser. WebGPU runs on whatever
 * Chromium offers; without a GPU, SwiftShader (--enable-unsafe-webgpu).
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { chromium } from 'playwright-core'

const ARGS = [
  '--no-sandbox',
  '--disable-gpu-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--enable-unsafe-webgpu',
]
const HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
}

const bundle = await build({
  entryPoints: [fileURLToPath(new URL('./page.ts', import.meta.url))],
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  // The fixture loaders' node:fs fallbacks are never called in the page.
  external: ['node:*'],
  logLevel: 'warning',
})
const script = bundle.outputFiles[0].text

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
if (!existsSync(executablePath)) {
  console.error(`no Chromium at ${executablePath}; install one or set CHROMIUM_PATH`)
  process.exit(1)
}
const browser = await chromium.launch({ executablePath, args: ARGS })
let ok = false
try {
  const page = await browser.newPage()
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`))
  page.on('console', (m) => m.type() === 'error' && console.error(`page: ${m.text()}`))
  // localhost is a secure context, which navigator.gpu and crossOriginIsolated need.
  await page.route('http://localhost/**', (route) => {
    const path = new URL(route.request().url()).pathname
    if (path === '/page.js') {
      return route.fulfill({ contentType: 'text/javascript', body: script, headers: HEADERS })
    }
    const html = '<!doctype html><title>gelu</title><script type="module" src="/page.js"></script>'
    return route.fulfill({ contentType: 'text/html', body: html, headers: HEADERS })
  })
  await page.goto('http://localhost/')
  const handle = await page.waitForFunction(() => globalThis.geluResults, undefined, {
    timeout: 5 * 60 * 1000,
  })
  const results = await handle.jsonValue()
  if ('error' in results) throw new Error(results.error)
  ok = true
  for (const r of results) {
    const calls = `gelu ${r.calls.gelu}, geluBackward ${r.calls.geluBackward} kernel calls`
    console.log(`chromium ${r.backend}: ${r.passed} cases passed, ${calls}, ${r.threads} thread(s)`)
    for (const p of r.problems) console.error(`  ${p}`)
    if (r.problems.length > 0) ok = false
  }
  if (results.find((r) => r.backend === 'wasm-threads')?.threads !== 2) {
    console.error('wasm-threads ran on one thread: the workers did not start')
    ok = false
  }
} finally {
  await browser.close()
}
process.exit(ok ? 0 : 1)
