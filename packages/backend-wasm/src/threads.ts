/**
 * Worker threads sharing the backend's memory, for float32 matmuls big enough to pay for a
 * round trip. Kernels stay synchronous: the main thread posts the GEMM to the control block,
 * takes ranges of it alongside the workers (threadWorker.ts), then waits for them (Atomics.wait
 * in Node and workers, a spin on a browser's main thread, which may not block).
 */
import type { WasmHeap } from './heap'
import type { GemmCall } from './kernels/matmul'
import type { WasmExports } from './module'
import { CTRL, WORKER_SOURCE } from './threadWorker'

// Below this many multiply-adds (about 0.3 ms of work) waking the workers and repacking a panel
// per range costs about what the split saves (measured on the b32 MLP's 32x128x784 products).
const MIN_SPLIT_MACS = 1 << 22
// From this size on, several ranges per thread keep both cores busy when one is also running
// something else; below it, one range each avoids repacking.
const BALANCED_SPLIT_MACS = 1 << 25
// Ranges are whole micro-kernel tiles: rows in multiples of 4, columns in multiples of 8.
const MR = 4
const NR = 8
// Ranges per thread for large products: each range repacks its share of A or B.
const RANGES_PER_THREAD = 3

/** True where workers can share a WebAssembly memory: Node, or a cross-origin isolated page. */
export function threadsAvailable(): boolean {
  if (typeof SharedArrayBuffer === 'undefined' || typeof Atomics === 'undefined') return false
  if (isNode()) return true
  const scope = globalThis as { crossOriginIsolated?: boolean; Worker?: unknown }
  return scope.crossOriginIsolated === true && typeof scope.Worker === 'function'
}

function isNode(): boolean {
  const scope = globalThis as { process?: { versions?: { node?: string } } }
  return typeof scope.process?.versions?.node === 'string'
}

interface WorkerData {
  module: WebAssembly.Module
  memory: WebAssembly.Memory
  ctrlPtr: number
  /** The worker's own matmul scratch. */
  scratch: number
  id: number
}

/** Starts one worker and resolves once it has instantiated the module. */
async function spawn(data: WorkerData): Promise<void> {
  if (isNode()) {
    const { Worker } = await import('node:worker_threads')
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: data })
    // The worker sleeps in Atomics.wait between rounds; it must not keep the program alive.
    worker.unref()
    await new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve())
      worker.once('error', reject)
    })
    return
  }
  const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }))
  const worker = new Worker(url)
  await new Promise<void>((resolve, reject) => {
    worker.onmessage = () => resolve()
    worker.onerror = (event) => reject(new Error(event.message))
    worker.postMessage(data)
  })
  URL.revokeObjectURL(url)
}

export class ThreadPool {
  /** Threads computing a split product, the main thread included. */
  readonly size: number
  /** Products split so far (reported by `memory()`). */
  rounds = 0
  private readonly ctrl: Int32Array
  private readonly mainScratch: number
  private readonly range: WasmExports['gemmF32Range']
  private readonly canBlock: boolean

  private constructor(
    ctrl: Int32Array,
    mainScratch: number,
    range: WasmExports['gemmF32Range'],
    workers: number,
  ) {
    this.ctrl = ctrl
    this.mainScratch = mainScratch
    this.range = range
    this.size = workers + 1
    this.canBlock = probeBlocking(ctrl)
  }

  /**
   * Starts `threads - 1` workers on the heap's (shared) memory with the shared-memory `module`.
   * Returns null, leaving the caller on one thread, when any worker fails to start.
   */
  static async create(
    module: WebAssembly.Module,
    heap: WasmHeap,
    exports: WasmExports,
    threads: number,
    mainScratch: number,
  ): Promise<ThreadPool | null> {
    const ctrlPtr = heap.alloc(CTRL.words * 4)
    heap.i32.fill(0, ctrlPtr >>> 2, (ctrlPtr >>> 2) + CTRL.words)
    const scratchBytes = exports.gemmScratchBytes()
    const scratch = Array.from({ length: threads - 1 }, () => heap.alloc(scratchBytes))
    try {
      const workers = await Promise.all(
        scratch.map((ptr, id) => spawn({ module, memory: heap.memory, ctrlPtr, scratch: ptr, id })),
      )
      // A shared buffer is never detached by growth, so this view stays valid.
      const ctrl = new Int32Array(heap.memory.buffer, ctrlPtr, CTRL.words)
      return new ThreadPool(ctrl, mainScratch, exports.gemmF32Range, workers.length)
    } catch {
      for (const ptr of scratch) heap.release(ptr)
      heap.release(ctrlPtr)
      return null
    }
  }

  /** Whether an `m x n x k` product is big enough to split. */
  worthSplitting(m: number, n: number, k: number): boolean {
    return m * n * k >= MIN_SPLIT_MACS && Math.max(m, n) >= 2 * NR
  }

  /**
   * Cuts C into ranges along its longer side and runs them on every thread. Each range is an
   * independent GEMM with the same leading dimensions, so no thread waits on another mid-product.
   */
  gemmF32(g: GemmCall, lda: number, ldb: number): void {
    const ctrl = this.ctrl
    const byRows = g.m >= g.n
    const extent = byRows ? g.m : g.n
    const unit = byRows ? MR : NR
    const perThread = g.m * g.n * g.k >= BALANCED_SPLIT_MACS ? RANGES_PER_THREAD : 1
    const size = Math.ceil(extent / (this.size * perThread) / unit) * unit
    const ranges = Math.ceil(extent / size)
    // prettier-ignore
    ctrl.set([g.a, g.b, g.c, g.m, g.n, g.k, lda, ldb, g.n, +g.transA, +g.transB, +g.accumulate], CTRL.gemm)
    ctrl[CTRL.ranges] = ranges
    ctrl[CTRL.rangeSize] = size
    ctrl[CTRL.byRows] = +byRows
    this.rounds++
    Atomics.store(ctrl, CTRL.next, 0)
    Atomics.store(ctrl, CTRL.pending, this.size - 1)
    Atomics.add(ctrl, CTRL.generation, 1)
    Atomics.notify(ctrl, CTRL.generation)
    const { transA, transB, accumulate } = g
    for (let r = Atomics.add(ctrl, CTRL.next, 1); r < ranges; r = Atomics.add(ctrl, CTRL.next, 1)) {
      const end = Math.min(extent, (r + 1) * size)
      // prettier-ignore
      this.range(g.a, g.b, g.c, g.m, g.n, g.k, lda, ldb, g.n, +transA, +transB, +accumulate, this.mainScratch, +byRows, r * size, end)
    }
    this.wait()
  }

  private wait(): void {
    const ctrl = this.ctrl
    for (;;) {
      const pending = Atomics.load(ctrl, CTRL.pending)
      if (pending === 0) return
      if (this.canBlock) Atomics.wait(ctrl, CTRL.pending, pending, 1000)
    }
  }
}

/** Atomics.wait throws on a browser's main thread; there the pool spins instead. */
function probeBlocking(ctrl: Int32Array): boolean {
  try {
    Atomics.wait(ctrl, CTRL.probe, 1, 0)
    return true
  } catch {
    return false
  }
}
