/**
 * The worker's source, as a string so that the bundle needs no separate file: Node runs it with
 * `new Worker(source, { eval: true })`, browsers from a Blob URL. A worker instantiates the
 * shared-memory module on the backend's memory, then sleeps on the control block's generation
 * word; each time the main thread bumps it, the worker runs the GEMM in its slot and counts down
 * the pending word. It spins briefly before sleeping, because the products of one training step
 * arrive microseconds apart and a futex wake costs tens of microseconds.
 */

/** Layout of the control block, in i32 words. */
export const CTRL = {
  /** Bumped by the main thread to start a round. */
  generation: 0,
  /** Workers still running the current round. */
  pending: 1,
  /** Always 0: lets the main thread probe whether it may block in Atomics.wait. */
  probe: 2,
  /** Worker `w`'s slot starts at `slots + w * slotWords`: a kind word, then the arguments. */
  slots: 16,
  slotWords: 16,
} as const

/** Slot kinds. */
export const JOB_NONE = 0
export const JOB_GEMM_F32 = 1

export const WORKER_SOURCE = `
'use strict'
const GEN = ${CTRL.generation}, PENDING = ${CTRL.pending}, SLOTS = ${CTRL.slots}, SLOT_WORDS = ${CTRL.slotWords}
const JOB_GEMM_F32 = ${JOB_GEMM_F32}
const SPINS = 20000
async function start(data, post) {
  const { module, memory, ctrlPtr, words, id } = data
  const env = { memory, abort() { throw new Error('wasm: kernel aborted in worker ' + id) } }
  const instance = await WebAssembly.instantiate(module, { env })
  const gemm = instance.exports.gemmF32
  // A shared buffer is never detached by growth, so this view stays valid.
  const ctrl = new Int32Array(memory.buffer, ctrlPtr, words)
  let seen = Atomics.load(ctrl, GEN)
  post('ready')
  for (;;) {
    for (let i = 0; i < SPINS && Atomics.load(ctrl, GEN) === seen; i++);
    Atomics.wait(ctrl, GEN, seen)
    seen = Atomics.load(ctrl, GEN)
    const s = SLOTS + id * SLOT_WORDS
    if (ctrl[s] === JOB_GEMM_F32) {
      gemm(ctrl[s + 1], ctrl[s + 2], ctrl[s + 3], ctrl[s + 4], ctrl[s + 5], ctrl[s + 6], ctrl[s + 7],
        ctrl[s + 8], ctrl[s + 9], ctrl[s + 10], ctrl[s + 11], ctrl[s + 12], ctrl[s + 13])
    }
    if (Atomics.sub(ctrl, PENDING, 1) === 1) Atomics.notify(ctrl, PENDING)
  }
}
if (typeof self === 'undefined') {
  const { parentPort, workerData } = require('node:worker_threads')
  start(workerData, (message) => parentPort.postMessage(message))
} else {
  self.onmessage = (event) => start(event.data, (message) => self.postMessage(message))
}
`
