import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'

/*
 * Multi-threaded tfjs-backend-wasm in Node. tfjs 4.22 turns threads off in Node
 * (WASM_HAS_MULTITHREAD_SUPPORT is false there, tensorflow/tfjs#3830), and forcing the flag on is
 * not enough:
 * 1. The pthread worker script and the main script reach the workers as blob: URLs, which Node's
 *    worker_threads cannot load. We capture both blobs' text as tfjs builds them, write them to a
 *    temporary folder, hand the worker a file path, and make it load the main script from a file.
 * 2. The main script is the bundled module factory's source, which names the bundle's imports
 *    (require$$0 = fs, ...) and `commonjsGlobal`; the worker gets them defined first.
 * 3. tfjs caps XNNPACK's pool at emscripten_num_logical_cores() / 2 (it assumes 2 hyperthreads per
 *    core), which is os.cpus().length in Node: on a 2-core machine, 1 thread. While the module is
 *    instantiated, os.cpus() reports twice the requested thread count.
 */

const WORKER_LOAD_BRANCH =
  'if(typeof e.data.urlOrBlob=="string"){importScripts(e.data.urlOrBlob)}else{var objectUrl=URL.createObjectURL(e.data.urlOrBlob);importScripts(objectUrl);URL.revokeObjectURL(objectUrl)}'

const WORKER_PRELUDE =
  "globalThis.require$$0=require('fs');globalThis.require$$1=require('path');" +
  "globalThis.require$$3=require('perf_hooks');globalThis.require$$4=require('os');" +
  'globalThis.commonjsGlobal=globalThis;\n'

/** Installs the blob shims; call before tfjs-backend-wasm initialises. */
export function installWasmThreadShims(): void {
  const dir = mkdtempSync(join(os.tmpdir(), 'othergrad-bench-tfjs-'))
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }))
  const texts = new WeakMap<Blob, string>()
  let mainScript: string | undefined
  const NativeBlob = globalThis.Blob

  class TextBlob extends NativeBlob {
    constructor(parts?: BlobPart[], options?: BlobPropertyBag) {
      super(parts, options)
      if (Array.isArray(parts) && parts.every((p) => typeof p === 'string')) {
        const text = parts.join('')
        texts.set(this, text)
        if (text.startsWith('var WasmBackendModuleThreadedSimd')) mainScript = text
      }
    }
  }
  globalThis.Blob = TextBlob

  const nativeCreate = URL.createObjectURL.bind(URL)
  URL.createObjectURL = (blob: Blob): string => {
    const text = texts.get(blob)
    if (text === undefined || !text.includes('WasmBackendModuleThreadedSimd(Module)'))
      return nativeCreate(blob)
    if (mainScript === undefined)
      throw new Error('bench: tfjs wasm threads: the main script blob was not seen')
    if (!text.includes(WORKER_LOAD_BRANCH)) {
      throw new Error(
        'bench: tfjs wasm threads: the worker script changed shape; update runners/tfjsThreads.ts',
      )
    }
    const mainPath = join(dir, 'main.js')
    writeFileSync(mainPath, mainScript)
    const workerPath = join(dir, 'worker.cjs')
    writeFileSync(
      workerPath,
      WORKER_PRELUDE +
        text.replace(WORKER_LOAD_BRANCH, `importScripts(${JSON.stringify(mainPath)});`),
    )
    return workerPath
  }
}

/** Runs `init` while os.cpus() reports `2 * threads` CPUs, so tfjs lets XNNPACK use `threads`. */
export async function withReportedCpus<T>(threads: number, init: () => Promise<T>): Promise<T> {
  const cpus = os.cpus
  os.cpus = () => {
    const real = cpus()
    return Array.from({ length: 2 * threads }, (_, i) => real[i % real.length])
  }
  try {
    return await init()
  } finally {
    os.cpus = cpus
  }
}
