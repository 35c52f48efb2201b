/**
 * Bundles a page in a consumer project the way a user would (esbuild for the browser platform,
 * or Vite's production build), then opens it in headless Chromium served from memory, with or
 * without cross-origin isolation (the COOP/COEP headers SharedArrayBuffer needs).
 */
import { existsSync } from 'node:fs'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { extname, join, normalize } from 'node:path'
import { build as esbuild } from 'esbuild'
import { chromium } from 'playwright-core'
import { build as viteBuild, createLogger } from 'vite'

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--enable-unsafe-webgpu',
]

const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
}

/**
 * Bundles `entry` (a path relative to `root`) with esbuild for browsers into `outDir`, next to an
 * index.html that loads it. Resolves to the warnings; errors reject.
 *
 * @param {{ root: string, entry: string, outDir: string }} options
 * @returns {Promise<string[]>}
 */
export async function bundleWithEsbuild({ root, entry, outDir }) {
  await rm(outDir, { recursive: true, force: true })
  const result = await esbuild({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outfile: join(outDir, 'page.js'),
    logLevel: 'silent',
  }).catch((error) => {
    throw new Error(`esbuild: ${error.errors?.map(formatEsbuild).join('\n') ?? error.message}`)
  })
  await writeFile(
    join(outDir, 'index.html'),
    '<!doctype html><meta charset="utf-8"><title>othergrad</title><script type="module" src="./page.js"></script>',
  )
  return result.warnings.map(formatEsbuild)
}

function formatEsbuild(message) {
  const where = message.location ? `${message.location.file}:${message.location.line}: ` : ''
  return `${where}${message.text}`
}

/**
 * Builds `root` (a folder with index.html) with Vite into `outDir`. Resolves to Vite's warnings.
 *
 * @param {{ root: string, outDir: string }} options
 * @returns {Promise<string[]>}
 */
export async function bundleWithVite({ root, outDir }) {
  const warnings = []
  const logger = createLogger('warn', { allowClearScreen: false })
  const warn = logger.warn
  logger.warn = (message, options) => {
    warnings.push(message)
    warn(message, options)
  }
  logger.warnOnce = logger.warn
  await viteBuild({
    root,
    configFile: false,
    logLevel: 'warn',
    customLogger: logger,
    build: { outDir, emptyOutDir: true, target: 'es2022', reportCompressedSize: false },
  })
  return warnings
}

/**
 * @typedef {object} PageRun
 * @property {string} dir The built folder to serve (index.html at its root).
 * @property {boolean} isolated Serve with COOP/COEP headers.
 * @property {number} [timeoutMs]
 */

/**
 * Starts headless Chromium (the system's; CHROMIUM_PATH overrides /usr/bin/chromium). Its
 * `open(run)` serves a built folder at http://localhost/ from memory and resolves to what the
 * page left in `globalThis.othergradResult`, with the page's errors.
 *
 * @returns {Promise<{ open: (run: PageRun) => Promise<{ result: any, errors: string[] }>, close: () => Promise<void> }>}
 */
export async function launchChromium() {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  if (!existsSync(executablePath)) {
    throw new Error(`no Chromium at ${executablePath} (Debian: apt-get install -y chromium)`)
  }
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS })
  return { open: (run) => runPage(browser, run), close: () => browser.close() }
}

const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
}

async function runPage(browser, run) {
  const page = await browser.newPage()
  const errors = []
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console error: ${m.text()}`)
  })
  const headers = run.isolated ? ISOLATION_HEADERS : {}
  // localhost is a secure context, which navigator.gpu and crossOriginIsolated need.
  await page.route('http://localhost/**', async (route) => {
    let path = new URL(route.request().url()).pathname
    if (path.endsWith('/')) path += 'index.html'
    const file = normalize(join(run.dir, path))
    if (!file.startsWith(run.dir) || !existsSync(file)) {
      return route.fulfill({ status: 404, body: 'not found', headers })
    }
    const contentType = TYPES[extname(file)] ?? 'application/octet-stream'
    return route.fulfill({ contentType, body: await readFile(file), headers })
  })
  try {
    await page.goto('http://localhost/')
    const handle = await page.waitForFunction(() => globalThis.othergradResult, undefined, {
      timeout: run.timeoutMs ?? 120_000,
      polling: 100,
    })
    return { result: await handle.jsonValue(), errors }
  } catch (error) {
    return { result: { error: error.message }, errors }
  } finally {
    await page.close()
  }
}
