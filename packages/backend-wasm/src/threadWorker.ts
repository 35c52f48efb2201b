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
 * Operator packages' modules are instantiated here the first time one of their jobs arrives,
 * from the bytes the main thread left in the shared memory (`packageUnits`).
 */
import { CTRL, DESCRIPTOR, runJob } from './jobs'
import type { JobExports, UnitFunction, UnitSource } from './jobs'
import { abortImport, functionExports } from './packageModule'

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
  const units = packageUnits(memory, ctrl, id)
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
    seen = runJob(ctrl, exports, scratch, true, false, id + 1, units)
  }
}

/**
 * Package modules on this worker: each instantiated synchronously (workers may compile any size
 * synchronously) from its descriptor the first time a job needs it. A module that fails to
 * instantiate here is left to the other threads, which run all of its units.
 */
function packageUnits(memory: WebAssembly.Memory, ctrl: Int32Array, id: number): UnitSource {
  const modules = new Map<number, readonly UnitFunction[] | null>()
  function load(descriptor: number): readonly UnitFunction[] | null {
    // Fresh views: the memory may have grown since the worker started.
    const words = new Int32Array(memory.buffer, descriptor, DESCRIPTOR.words)
    const u8 = new Uint8Array(memory.buffer)
    const bytes = u8.slice(
      words[DESCRIPTOR.bytes],
      words[DESCRIPTOR.bytes] + words[DESCRIPTOR.length],
    )
    const at = words[DESCRIPTOR.name]
    const name = new TextDecoder().decode(u8.slice(at, at + words[DESCRIPTOR.nameLength]))
    try {
      const module = new WebAssembly.Module(bytes)
      const env = { memory, abort: abortImport(name, memory) }
      const instance = new WebAssembly.Instance(module, { env })
      return functionExports(module, instance).functions as UnitFunction[]
    } catch (error) {
      console.error(
        `wasm: worker ${id} cannot instantiate the module of '${name}' (${String(error)}); the other threads run its units`,
      )
      return null
    }
  }
  return {
    get(module, descriptor, fn) {
      let functions = modules.get(module)
      if (functions === undefined) {
        functions = load(descriptor)
        modules.set(module, functions)
      }
      return functions?.[fn] ?? null
    },
    failed: (unit) => void Atomics.compareExchange(ctrl, CTRL.failed, 0, unit + 1),
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
