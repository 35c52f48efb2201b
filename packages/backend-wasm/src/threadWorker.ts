/**
 * The worker's source, as a string so that the bundle needs no separate file: Node runs it with
 * `new Worker(source, { eval: true })`, browsers from a Blob URL. A worker instantiates the
 * shared-memory module on the backend's memory, then sleeps on the control block's generation
 * word; each time the main thread posts a job it runs `runJob` (jobs.ts, embedded as text)
 * alongside the main thread. A worker spins for a while before sleeping, because the products
 * of one training step arrive microseconds apart and a futex wake costs tens of microseconds.
 */
import { LAYOUT, runJob } from './jobs'

/** How long a worker spins on the generation word after a job before it sleeps. */
export const SPIN_MS = 2

export const WORKER_SOURCE = `
'use strict'
// esbuild with keepNames (tsx, vitest) wraps named functions in __name(fn, name).
const __name = (fn) => fn
const L = ${JSON.stringify(LAYOUT)}
const C = L.C
const runJob = ${runJob.toString()}
async function start(data, post) {
  const { module, memory, ctrlPtr, scratch, id } = data
  const env = { memory, abort() { throw new Error('wasm: kernel aborted in worker ' + id) } }
  const instance = await WebAssembly.instantiate(module, { env })
  // A shared buffer is never detached by growth, so this view stays valid.
  const ctrl = new Int32Array(memory.buffer, ctrlPtr, C.words)
  let seen = Atomics.load(ctrl, C.generation)
  post('ready')
  for (;;) {
    const spinEnd = performance.now() + ${SPIN_MS}
    for (let i = 1; Atomics.load(ctrl, C.generation) === seen; i++) {
      if ((i & 1023) === 0 && performance.now() > spinEnd) {
        Atomics.wait(ctrl, C.generation, seen)
        break
      }
    }
    seen = runJob(ctrl, instance.exports, scratch, true, false, L)
  }
}
if (typeof self === 'undefined') {
  const { parentPort, workerData } = require('node:worker_threads')
  start(workerData, (message) => parentPort.postMessage(message))
} else {
  self.onmessage = (event) => start(event.data, (message) => self.postMessage(message))
}
`
