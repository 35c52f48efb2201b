/**
 * The worker's source, as a string so that the bundle needs no separate file: Node runs it with
 * `new Worker(source, { eval: true })`, browsers from a Blob URL. A worker instantiates the
 * shared-memory module on the backend's memory, then sleeps on the control block's generation
 * word. Each time the main thread bumps it, every thread (main included) takes ranges of the
 * posted GEMM from a shared counter until none are left, then the worker counts down the pending
 * word. Taking ranges rather than a fixed half keeps both cores busy when one of them is also
 * running something else. A worker spins briefly before sleeping, because the products of one
 * training step arrive microseconds apart and a futex wake costs tens of microseconds.
 */

/** Layout of the control block, in i32 words. */
export const CTRL = {
  /** Bumped by the main thread to start a round. */
  generation: 0,
  /** Workers still in the current round. */
  pending: 1,
  /** Always 0: lets the main thread probe whether it may block in Atomics.wait. */
  probe: 2,
  /** The next range to take. */
  next: 3,
  /** How many ranges the GEMM is cut into, and how many rows (or columns) each has. */
  ranges: 4,
  rangeSize: 5,
  /** 1 when ranges are rows of C, 0 when columns. */
  byRows: 6,
  /** The GEMM: a, b, c, m, n, k, lda, ldb, ldc, transA, transB, accumulate. */
  gemm: 8,
  words: 20,
} as const

export const WORKER_SOURCE = `
'use strict'
const C = ${JSON.stringify(CTRL)}
const SPINS = 20000
async function start(data, post) {
  const { module, memory, ctrlPtr, scratch, id } = data
  const env = { memory, abort() { throw new Error('wasm: kernel aborted in worker ' + id) } }
  const instance = await WebAssembly.instantiate(module, { env })
  const range = instance.exports.gemmF32Range
  // A shared buffer is never detached by growth, so this view stays valid.
  const ctrl = new Int32Array(memory.buffer, ctrlPtr, C.words)
  let seen = Atomics.load(ctrl, C.generation)
  post('ready')
  for (;;) {
    for (let i = 0; i < SPINS && Atomics.load(ctrl, C.generation) === seen; i++);
    Atomics.wait(ctrl, C.generation, seen)
    seen = Atomics.load(ctrl, C.generation)
    const g = C.gemm
    const ranges = ctrl[C.ranges], size = ctrl[C.rangeSize], byRows = ctrl[C.byRows]
    const extent = byRows ? ctrl[g + 3] : ctrl[g + 4]
    for (let r = Atomics.add(ctrl, C.next, 1); r < ranges; r = Atomics.add(ctrl, C.next, 1)) {
      range(ctrl[g], ctrl[g + 1], ctrl[g + 2], ctrl[g + 3], ctrl[g + 4], ctrl[g + 5], ctrl[g + 6],
        ctrl[g + 7], ctrl[g + 8], ctrl[g + 9], ctrl[g + 10], ctrl[g + 11], scratch, byRows,
        r * size, Math.min(extent, (r + 1) * size))
    }
    if (Atomics.sub(ctrl, C.pending, 1) === 1) Atomics.notify(ctrl, C.pending)
  }
}
if (typeof self === 'undefined') {
  const { parentPort, workerData } = require('node:worker_threads')
  start(workerData, (message) => parentPort.postMessage(message))
} else {
  self.onmessage = (event) => start(event.data, (message) => self.postMessage(message))
}
`
