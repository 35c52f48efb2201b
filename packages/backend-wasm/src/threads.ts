/**
 * Worker threads sharing the backend's memory, for float32 matmuls big enough to pay for a
 * round trip. Kernels stay synchronous: the main thread posts one slice of C to each worker
 * through the control block, computes its own slice, then waits for the others (Atomics.wait in
 * Node and workers, a spin on a browser's main thread, which may not block).
 */
import type { WasmHeap } from './heap'
import type { GemmCall } from './kernels/matmul'
import { CTRL, JOB_GEMM_F32, WORKER_SOURCE } from './threadWorker'

// Below this many multiply-adds (about 70 µs of work) a round trip to the workers costs more
// than it saves.
const MIN_SPLIT_MACS = 1 << 20
const MR = 4
const NR = 8

/** The bits of a worker that the pool uses, in Node and in browsers. */
interface WorkerHandle {
  terminate(): unknown
}

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
  words: number
  id: number
}

/** Starts one worker and resolves once it has instantiated the module. */
async function spawn(data: WorkerData): Promise<WorkerHandle> {
  if (isNode()) {
    const { Worker } = await import('node:worker_threads')
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: data })
    // The worker sleeps in Atomics.wait between rounds; it must not keep the program alive.
    worker.unref()
    await new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve())
      worker.once('error', reject)
    })
    return worker
  }
  const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }))
  const worker = new Worker(url)
  await new Promise<void>((resolve, reject) => {
    worker.onmessage = () => resolve()
    worker.onerror = (event) => reject(new Error(event.message))
    worker.postMessage(data)
  })
  URL.revokeObjectURL(url)
  return worker
}

export class ThreadPool {
  /** Threads computing a split product, the main thread included. */
  readonly size: number
  private readonly heap: WasmHeap
  private readonly ctrlPtr: number
  private readonly ctrl: Int32Array
  private readonly scratch: number[]
  private readonly mainScratch: number
  private readonly runGemm: (...args: number[]) => void
  private readonly canBlock: boolean
  private readonly workers: WorkerHandle[]

  private constructor(
    heap: WasmHeap,
    ctrlPtr: number,
    scratch: number[],
    mainScratch: number,
    runGemm: (...args: number[]) => void,
    workers: WorkerHandle[],
  ) {
    this.heap = heap
    this.ctrlPtr = ctrlPtr
    this.ctrl = new Int32Array(heap.memory.buffer, ctrlPtr, ctrlWords(workers.length))
    this.scratch = scratch
    this.mainScratch = mainScratch
    this.runGemm = runGemm
    this.workers = workers
    this.size = workers.length + 1
    this.canBlock = probeBlocking(this.ctrl)
  }

  /**
   * Starts `threads - 1` workers on `memory` (shared) and the shared-memory `module`. Returns
   * null, leaving the caller on one thread, when any worker fails to start.
   */
  static async create(
    module: WebAssembly.Module,
    heap: WasmHeap,
    threads: number,
    gemm: (...args: number[]) => void,
    scratchBytes: number,
    mainScratch: number,
  ): Promise<ThreadPool | null> {
    const count = threads - 1
    const words = ctrlWords(count)
    const ctrlPtr = heap.alloc(words * 4)
    heap.i32.fill(0, ctrlPtr >>> 2, (ctrlPtr >>> 2) + words)
    const scratch = Array.from({ length: count }, () => heap.alloc(scratchBytes))
    try {
      const workers = await Promise.all(
        scratch.map((_, id) => spawn({ module, memory: heap.memory, ctrlPtr, words, id })),
      )
      return new ThreadPool(heap, ctrlPtr, scratch, mainScratch, gemm, workers)
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
   * Splits C into `size` slices along its longer side (rows in multiples of the micro-kernel's
   * 4, columns in multiples of its 8), one per thread. Each slice is an independent GEMM with
   * the same leading dimensions, so no thread ever waits on another mid-product.
   */
  gemmF32(g: GemmCall, lda: number, ldb: number): void {
    const ctrl = this.ctrl
    const threads = this.size
    const byRows = g.m >= g.n
    const extent = byRows ? g.m : g.n
    const unit = byRows ? MR : NR
    const chunk = Math.ceil(extent / threads / unit) * unit
    let mine: number[] | null = null
    for (let t = 0; t < threads; t++) {
      const start = Math.min(extent, t * chunk)
      const end = Math.min(extent, start + chunk)
      const args = end > start ? this.slice(g, lda, ldb, byRows, start, end, t) : null
      if (t === 0) {
        mine = args
        continue
      }
      const slot = CTRL.slots + (t - 1) * CTRL.slotWords
      if (args === null) {
        ctrl[slot] = 0
      } else {
        ctrl[slot] = JOB_GEMM_F32
        ctrl.set(args, slot + 1)
      }
    }
    Atomics.store(ctrl, CTRL.pending, threads - 1)
    Atomics.add(ctrl, CTRL.generation, 1)
    Atomics.notify(ctrl, CTRL.generation)
    if (mine !== null) this.runGemm(...mine)
    this.wait()
  }

  /** Arguments of `gemmF32` for rows (or columns) `[start, end)` of C, on thread `t`'s scratch. */
  private slice(
    g: GemmCall,
    lda: number,
    ldb: number,
    byRows: boolean,
    start: number,
    end: number,
    t: number,
  ): number[] {
    let { a, b, c, m, n } = g
    if (byRows) {
      a += (g.transA ? start : start * lda) * 4
      c += start * g.n * 4
      m = end - start
    } else {
      b += (g.transB ? start * ldb : start) * 4
      c += start * 4
      n = end - start
    }
    const scratch = t === 0 ? this.mainScratch : this.scratch[t - 1]
    // prettier-ignore
    return [a, b, c, m, n, g.k, lda, ldb, g.n, +g.transA, +g.transB, +g.accumulate, scratch]
  }

  private wait(): void {
    const ctrl = this.ctrl
    for (;;) {
      const pending = Atomics.load(ctrl, CTRL.pending)
      if (pending === 0) return
      if (this.canBlock) Atomics.wait(ctrl, CTRL.pending, pending, 1000)
    }
  }

  /** Stops the workers and returns their memory. */
  terminate(): void {
    for (const worker of this.workers) void worker.terminate()
    for (const ptr of this.scratch) this.heap.release(ptr)
    this.heap.release(this.ctrlPtr)
  }
}

function ctrlWords(workers: number): number {
  return CTRL.slots + workers * CTRL.slotWords
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
