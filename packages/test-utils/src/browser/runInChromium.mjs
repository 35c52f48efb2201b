/* global process, console, URL */
/**
 * Runs vitest-style test files in headless Chromium: bundles them with esbuild (vitest aliased to
 * the in-page shim, vitestShim.ts), serves the bundle and the conformance fixtures from memory
 * through request interception (no server, no network), and prints one line per failure and a
 * closing `N passed, N failed`. Uses the system Chromium (Debian: apt-get install -y chromium);
 * CHROMIUM_PATH overrides it. Never downloads a browser.
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { chromium } from 'playwright-core'

const here = dirname(fileURLToPath(import.meta.url))
const BASE_ARGS = [
  '--no-sandbox',
  '--disable-gpu-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

/**
 * @typedef {object} ChromiumRun
 * @property {string} title Names the run in the page title and the timing line.
 * @property {string[]} entries Absolute paths of the modules that register tests, imported in order.
 * @property {string} [fixtures] A directory served at `/fixtures/<name>.json` (see page.ts's fetchFixture).
 * @property {string[]} [extraArgs] Chromium flags on top of the usual headless ones.
 * @property {Record<string, string>} [headers] Response headers on everything served.
 * @property {number} [timeoutMs] For the whole page (default 10 minutes).
 */

/**
 * Runs `entries` in one page and resolves to the totals; `ok` is true when nothing failed and
 * something passed.
 *
 * @example
 * const { ok } = await runInChromium({ title: 'webgpu', entries: [entry], fixtures, extraArgs: ['--enable-unsafe-webgpu'] })
 * process.exit(ok ? 0 : 1)
 *
 * @param {ChromiumRun} options
 * @returns {Promise<{ passed: number, failed: number, skipped: number, ok: boolean }>}
 */
export async function runInChromium(options) {
  const browser = await launchChromium(options.extraArgs)
  if (!browser) return { passed: 0, failed: 0, skipped: 0, ok: false }
  let totals
  try {
    totals = await runPage(browser, await bundle(options.entries), options)
  } finally {
    await browser.close()
  }
  const { passed, failed, skipped } = totals
  console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`)
  return { ...totals, ok: failed === 0 && passed > 0 }
}

/**
 * Starts the system Chromium headless with the usual flags plus `extraArgs` (e.g.
 * `--enable-unsafe-webgpu`); undefined, after saying why, when there is no Chromium. For tests
 * that drive a page of their own (an app's end-to-end test); close the browser when done.
 *
 * @example
 * const browser = await launchChromium(['--enable-unsafe-webgpu'])
 * const page = await browser.newPage()
 *
 * @param {string[]} [extraArgs]
 * @returns {Promise<import('playwright-core').Browser | undefined>}
 */
export async function launchChromium(extraArgs = []) {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  if (!existsSync(executablePath)) {
    console.error(
      `browser tests: no Chromium at ${executablePath}; install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH`,
    )
    return undefined
  }
  return chromium.launch({ executablePath, args: [...extraArgs, ...BASE_ARGS] })
}

/** The page's script: every entry, then page.ts's `runPage()`. */
async function bundle(entries) {
  const shim = join(here, 'vitestShim.ts')
  const page = join(here, 'page.ts')
  const result = await build({
    stdin: {
      contents: [
        ...entries.map((f) => `import ${JSON.stringify(f)}`),
        `import { runPage } from ${JSON.stringify(page)}`,
        'void runPage()',
      ].join('\n'),
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
    // Node-only fallbacks (the default fixture loader, worker_threads) are never called in the page.
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
  return result.outputFiles[0].text
}

async function runPage(browser, script, options) {
  const { title, fixtures, headers = {} } = options
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
    if (m.type() === 'error' || m.type() === 'warning') {
      console.error(`page ${m.type()}: ${m.text()}`)
    } else {
      // The suite's closing count, told apart from the Node run's in CI logs.
      console.log(m.text().replace(/^(conformance\[[^\]]*\]):/, '$1 (chromium):'))
    }
  })
  await page.exposeFunction('othergradReport', (r) => {
    started = true
    if (!r.ok) console.log(`FAIL ${r.name}\n  ${r.error.split('\n').join('\n  ')}`)
  })
  const send = (route, contentType, body) => route.fulfill({ contentType, body, headers })
  // localhost is a secure context, which navigator.gpu and crossOriginIsolated require.
  await page.route('http://localhost/**', async (route) => {
    const path = new URL(route.request().url()).pathname
    if (path === '/') {
      return send(
        route,
        'text/html',
        `<!doctype html><title>othergrad ${title} tests</title><script type="module" src="/tests.js"></script>`,
      )
    }
    if (path === '/tests.js') return send(route, 'text/javascript', script)
    const match = /^\/fixtures\/([A-Za-z0-9_]+\.json)$/.exec(path)
    if (match && fixtures) {
      try {
        return send(route, 'application/json', await readFile(join(fixtures, match[1])))
      } catch {
        // no such fixture: 404 below
      }
    }
    return route.fulfill({ status: 404, body: 'not found', headers })
  })
  const start = Date.now()
  await page.goto('http://localhost/')
  const done = await Promise.race([
    page.waitForFunction(() => globalThis.othergradTests, undefined, {
      timeout: options.timeoutMs ?? 10 * 60 * 1000,
      polling: 250,
    }),
    loadFailed,
  ])
  const seconds = ((Date.now() - start) / 1000).toFixed(1)
  console.log(`${title} browser tests (Chromium ${browser.version()}): ${seconds} s`)
  return done.jsonValue()
}
