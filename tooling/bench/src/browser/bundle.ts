import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type Plugin } from 'esbuild'
import { PAGE_ENTRIES, type PageEntry } from './protocol'

const here = dirname(fileURLToPath(import.meta.url))

/**
 * The harness's shared modules import Node built-ins for what only Node runs (reading files,
 * spawning processes); the page never calls those paths. Each `node:*` import becomes an empty
 * CommonJS module, so named imports bundle and are simply undefined in the page.
 */
const nodeBuiltinsAsEmpty: Plugin = {
  name: 'node-builtins-as-empty',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, namespace: 'node-empty' }))
    b.onLoad({ filter: /.*/, namespace: 'node-empty' }, () => ({
      contents: 'module.exports = {}',
      loader: 'js',
    }))
  },
}

/**
 * Bundles the page scripts (one per library, so an othergrad page never loads TensorFlow.js) for
 * the browser: workspace packages from their built dist/, or from src/ with `source`.
 */
export async function bundlePages(source: boolean): Promise<Record<PageEntry, string>> {
  const result = await build({
    entryPoints: Object.fromEntries(PAGE_ENTRIES.map((e) => [e, join(here, 'page', `${e}.ts`)])),
    outdir: join(here, 'out'),
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: source ? ['source'] : [],
    logLevel: 'error',
    plugins: [nodeBuiltinsAsEmpty],
  })
  const pages = {} as Record<PageEntry, string>
  for (const entry of PAGE_ENTRIES) {
    const file = result.outputFiles.find((f) => f.path.endsWith(`${entry}.js`))
    if (!file) throw new Error(`bench: esbuild wrote no ${entry}.js`)
    pages[entry] = file.text
  }
  return pages
}
