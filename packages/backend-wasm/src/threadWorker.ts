/**
 * A worker thread of the pool (threads.ts). scripts/build-worker.mjs bundles this file, with
 * what it imports, into one string (src/generated/workerSource.ts) at build time, so the
 * package's bundle needs no separate file: Node runs it with `new Worker(source, { eval: true })`
 * (a CommonJS script, where `require` exists), browsers from a Blob URL.
 *
 * A worker instantiates the shared-memory module on the backend's memory, then sleeps on the
 * control block's generation word; each time the main thread posts a job it runs `runJob`
 * (jobs.ts) alongside the main thread. It spins for a while before sleeping, because the products
 * of one training step arrive microseconds apart and a futex wake costs tens of microseconds.
 */
import { CTRL, runJob, type JobExports } from './jobs'

/** How long a worker spins on the generation word after a job before it sleeps. */
const SPIN_MS = 2

/** What the pool hands each worker (workerData in Node, the first message in browsers). */
export interface WorkerData {
  module: WebAssembly.Module
  memory: WebAssembly.Memory
  ctrlPtr: number
  /** The worker's own matmul scratch. */
  scratch: number
  id: number
}

async function start(data: WorkerData, post: (message: string) => void): Promise<void> {
  const { module, memory, ctrlPtr, scratch, id } = data
  const env = {
    memory,
    abort() {
      throw new Error(`wasm: kernel aborted in worker ${id}`)
    },
  }
  const instance = await WebAssembly.instantiate(module, { env })
  const exports = instance.exports as unknown as JobExports
  // A shared buffer is never detached by growth, so this view stays valid.
  const ctrl = new Int32Array(memory.buffer, ctrlPtr, CTRL.words)
  let seen = Atomics.load(ctrl, CTRL.generation)
  post('ready')
  for (;;) {
    const spinEnd = performance.now() + SPIN_MS
    for (let i = 1; Atomics.load(ctrl, CTRL.generation) === seen; i++) {
      if ((i & 1023) === 0 && performance.now() > spinEnd) {
        Atomics.wait(ctrl, CTRL.generation, seen)
        break
      }
    }
    seen = runJob(ctrl, exports, scratch, true, false)
  }
}

declare const require: (id: 'node:worker_threads') => typeof import('node:worker_threads')

if (typeof self === 'undefined') {
  const { parentPort, workerData } = require('node:worker_threads')
  void start(workerData as WorkerData, (message) => parentPort!.postMessage(message))
} else {
  self.onmessage = (event: MessageEvent<WorkerData>) =>
    void start(event.data, (message) => self.postMessage(message))
}
