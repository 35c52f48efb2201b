/**
 * Worker threads sharing the backend's memory, for float32 matmuls big enough to pay for a
 * round trip. Kernels stay synchronous: the main thread posts a job to the control block, runs
 * units of it alongside the workers (jobs.ts), then waits until every unit is finished (it
 * never waits for a worker that has not started: it takes that worker's share itself).
 *
 * A GEMM job follows the single-threaded loop: for each (panel, depth) step, the threads pack
 * the B panel together into one shared buffer, then compute blocks of C from it, each packing
 * its own slice of A. Nothing is packed twice.
 */
import type { WasmHeap } from './heap'
import { CTRL, DESCRIPTOR, GEMM, JOB, KIND, MAP, MAP_KERNEL, UNITS, runJob } from './jobs'
import type { JobExports, UnitFunction, UnitSource } from './jobs'
import { CODE_BYTES } from './kernels/codes'
import type { GemmCall } from './kernels/matmul'
import type { WasmExports } from './module'
import { WORKER_SOURCE } from './generated/workerSource'
import type { WorkerData } from './threadWorker'

// Below this many multiply-adds (about 0.3 ms of work) waking the workers costs about what the
// split saves (measured on the b32 MLP's 32x128x784 products).
const MIN_SPLIT_MACS = 1 << 22
// assembly/kernels/matmul.ts's blocking: tile rows and columns, A block rows, panel width, depth.
const MR = 4
const NR = 8
const MC = 128
const NC = 1024
const KC = 512
// Units of each phase per thread, at least: enough that a thread slowed by other work hands its
// share on.
const UNITS_PER_THREAD = 4
// Compute units of about this many multiply-adds (~0.1 ms): a step ends when its last unit
// does, so smaller units waste less of the other threads' time at the end of each step
// (matmul-1024 on 2 threads: ~51 GFLOPS with 2^20, ~45 with 2^22).
const UNIT_MACS = 1 << 20
// Elementwise passes below this many elements run on the calling thread.
const MIN_MAP_ELEMENTS = 1 << 16

/** An elementwise kernel over `n` elements (see jobs.ts's MAP for what each kernel reads). */
export interface MapJob {
  kernel: keyof typeof MAP_KERNEL
  /** A dtype code (src/kernels/codes.ts). */
  dtype: number
  /** The unary or binary op code, for those kernels. */
  op?: number
  n: number
  /** Byte addresses, in the kernel's argument order. */
  pointers: readonly number[]
  /** A binary row's operand strides (0 or 1); a reduction's other extent and accumulate flag. */
  strides?: readonly [number, number]
  /** Byte address of the kernel's f64 scalars. */
  scalars?: number
  /** Bytes per output element when they differ from the input's (1 for a comparison's bools). */
  outBytes?: number
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

type WorkerThreads = typeof import('node:worker_threads')

/**
 * Node's worker_threads, loaded without an import a browser bundler would try to resolve (esbuild
 * fails on a bare `import('worker_threads')` for the browser, Vite warns): Node's
 * `process.getBuiltinModule` (20.16+), else a dynamic import of a variable, which bundlers leave
 * alone.
 */
async function nodeWorkerThreads(): Promise<WorkerThreads> {
  const scope = globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }
  const builtin = scope.process?.getBuiltinModule?.('node:worker_threads')
  if (builtin !== undefined) return builtin as WorkerThreads
  const specifier = 'node:worker_threads'
  return (await import(/* @vite-ignore */ /* webpackIgnore: true */ specifier)) as WorkerThreads
}

/** Starts one worker and resolves once it has instantiated the module. */
async function spawn(data: WorkerData): Promise<void> {
  if (isNode()) {
    const { Worker } = await nodeWorkerThreads()
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: data })
    // The worker sleeps in Atomics.wait between rounds; it must not keep the program alive.
    worker.unref()
    // A worker that dies leaves the pool correct (the caller runs every unit) but slow: say so.
    worker.on('error', (error) => console.error(`wasm: a worker thread failed: ${error}`))
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
  /** Elementwise passes split so far (reported by `memory()`). */
  maps = 0
  /** Package modules' jobs run so far (reported by `memory()`). */
  packageJobs = 0
  /** Where each package module's descriptor is (see `addModule`). */
  private readonly descriptors: number[] = []
  private readonly ctrl: Int32Array
  private readonly exports: JobExports
  private readonly mainScratch: number
  /** The packed-B panel every thread reads: the one in the main thread's scratch. */
  private readonly panel: number
  /** Whether this thread may sleep in Atomics.wait (not a browser's main thread). */
  private readonly canBlock: boolean
  /** Package modules' unit functions on this thread, by the number `addModule` gave them. */
  private readonly modules: (readonly UnitFunction[])[] = []
  /** The first unit of the running package job that threw on this thread. */
  private failure: { unit: number; error: unknown } | null = null
  private readonly units: UnitSource = {
    get: (module, _descriptor, fn) => this.modules[module][fn],
    failed: (unit, error) => (this.failure ??= { unit, error }),
  }

  private constructor(
    ctrl: Int32Array,
    exports: WasmExports,
    mainScratch: number,
    workers: number,
  ) {
    this.ctrl = ctrl
    this.exports = exports
    this.mainScratch = mainScratch
    this.panel = mainScratch + exports.gemmPanelOffset()
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
      return new ThreadPool(ctrl, exports, mainScratch, workers.length)
    } catch {
      for (const ptr of scratch) heap.release(ptr)
      heap.release(ctrlPtr)
      return null
    }
  }

  /** Units the workers have run (reported by `memory()`): proof that they take part. */
  get workerUnits(): number {
    return Atomics.load(this.ctrl, CTRL.workerUnits) >>> 0
  }

  /** Whether an `m x n x k` product is big enough to split. */
  worthSplitting(m: number, n: number, k: number): boolean {
    return m * n * k >= MIN_SPLIT_MACS && Math.max(m, n) >= 2 * NR
  }

  /**
   * Runs the GEMM on every thread: for each (panel, depth) step, pack units (strips of the
   * shared B panel), then compute units (row blocks of C, split into column blocks when there
   * are too few rows to go round).
   */
  gemmF32(g: GemmCall, lda: number, ldb: number): void {
    const { m, n, k } = g
    const target = this.size * UNITS_PER_THREAD
    const nc = Math.min(NC, n)
    const strips = Math.ceil(nc / NR)
    const stripsPerUnit = Math.ceil(strips / Math.min(strips, target))
    const packUnits = Math.ceil(strips / stripsPerUnit)
    const kc = Math.min(KC, k)
    const rowsForSize = roundUp(Math.ceil(UNIT_MACS / (nc * kc)), MR)
    const rowsPerUnit = Math.min(MC, rowsForSize, roundUp(Math.ceil(m / target), MR))
    const rowUnits = Math.ceil(m / rowsPerUnit)
    const colSplit = Math.min(strips, Math.ceil(target / rowUnits))
    const colsPerUnit = roundUp(Math.ceil(nc / colSplit), NR)
    const colUnits = Math.ceil(nc / colsPerUnit)
    const depthSteps = Math.ceil(k / KC)
    const steps = Math.ceil(n / NC) * depthSteps
    const params = new Int32Array(GEMM.count)
    params[JOB.kind] = KIND.gemm
    params[GEMM.a] = g.a
    params[GEMM.b] = g.b
    params[GEMM.c] = g.c
    params[GEMM.m] = m
    params[GEMM.n] = n
    params[GEMM.k] = k
    params[GEMM.lda] = lda
    params[GEMM.ldb] = ldb
    params[GEMM.ldc] = n
    params[GEMM.transA] = +g.transA
    params[GEMM.transB] = +g.transB
    params[GEMM.accumulate] = +g.accumulate
    params[GEMM.panel] = this.panel
    params[GEMM.nc] = NC
    params[GEMM.kc] = KC
    params[GEMM.depthSteps] = depthSteps
    params[GEMM.packUnits] = packUnits
    params[GEMM.stripsPerUnit] = stripsPerUnit
    params[GEMM.rowsPerUnit] = rowsPerUnit
    params[GEMM.rowUnits] = rowUnits
    params[GEMM.colsPerUnit] = colsPerUnit
    params[GEMM.colUnits] = colUnits
    this.rounds++
    this.run(params, steps * (packUnits + rowUnits * colUnits))
  }

  /**
   * Makes a package module's units runnable on every thread: leaves its (relocated) bytes and
   * name in the shared memory, where a worker reads them the first time it meets one of the
   * module's jobs. `functions` are the module's function exports on this thread, in order.
   * Returns the module's number for `runUnits`.
   */
  addModule(
    heap: WasmHeap,
    name: string,
    bytes: Uint8Array,
    functions: readonly UnitFunction[],
  ): number {
    const nameBytes = new TextEncoder().encode(name)
    const descriptor = heap.alloc(DESCRIPTOR.words * 4 + bytes.length + nameBytes.length)
    const at = descriptor + DESCRIPTOR.words * 4
    heap.u8.set(bytes, at)
    heap.u8.set(nameBytes, at + bytes.length)
    const words = [at, bytes.length, at + bytes.length, nameBytes.length]
    words.forEach((word, i) => Atomics.store(heap.i32, (descriptor >>> 2) + i, word))
    this.modules.push(functions)
    this.descriptors.push(descriptor)
    return this.modules.length - 1
  }

  /**
   * Runs `units` units of function `fn` of package module `module` on every thread (see
   * jobs.ts's UNITS). Returns the first unit that threw (with its error when it threw here, on
   * the main thread), or null.
   */
  runUnits(
    module: number,
    fn: number,
    units: number,
    args: number,
    phaseUnits: number,
  ): { unit: number; error?: unknown } | null {
    const params = new Int32Array(UNITS.count)
    params[JOB.kind] = KIND.units
    params[UNITS.module] = module
    params[UNITS.descriptor] = this.descriptors[module]
    params[UNITS.fn] = fn
    params[UNITS.args] = args
    params[UNITS.phaseUnits] = phaseUnits
    this.failure = null
    this.packageJobs++
    this.run(params, units)
    const failure = this.failure
    const onWorker = Atomics.exchange(this.ctrl, CTRL.failed, 0)
    if (failure !== null) return failure
    return onWorker > 0 ? { unit: onWorker - 1 } : null
  }

  /** Whether an elementwise pass over `n` elements is big enough to split. */
  worthMapping(n: number): boolean {
    return n >= MIN_MAP_ELEMENTS
  }

  /** Runs an elementwise kernel over `n` elements on every thread, in chunks. */
  map(job: MapJob): void {
    const chunk = roundUp(Math.ceil(job.n / (this.size * UNITS_PER_THREAD)), 16)
    const params = new Int32Array(MAP.count)
    params[JOB.kind] = KIND.map
    params[MAP.kernel] = MAP_KERNEL[job.kernel]
    params[MAP.dtype] = job.dtype
    params[MAP.op] = job.op ?? 0
    params[MAP.n] = job.n
    params[MAP.chunk] = chunk
    const pointers = [MAP.x0, MAP.x1, MAP.x2, MAP.x3, MAP.x4] as const
    job.pointers.forEach((ptr, i) => (params[pointers[i]] = ptr))
    params[MAP.s0] = job.strides?.[0] ?? 1
    params[MAP.s1] = job.strides?.[1] ?? 1
    params[MAP.scalars] = job.scalars ?? 0
    params[MAP.bytes] = CODE_BYTES[job.dtype]
    params[MAP.outBytes] = job.outBytes ?? CODE_BYTES[job.dtype]
    this.maps++
    this.run(params, Math.ceil(job.n / chunk))
  }

  /**
   * Posts a job of `units` units (its parameters between two generation bumps, odd while
   * writing), wakes the workers, takes part, and returns once every unit is finished.
   */
  private run(params: Int32Array, units: number): void {
    const ctrl = this.ctrl
    const begin = Atomics.load(ctrl, CTRL.claim)
    params[JOB.begin] = begin
    params[JOB.end] = (begin + units) | 0
    Atomics.add(ctrl, CTRL.generation, 1)
    for (let i = 0; i < params.length; i++) Atomics.store(ctrl, CTRL.params + i, params[i])
    Atomics.add(ctrl, CTRL.generation, 1)
    Atomics.notify(ctrl, CTRL.generation)
    runJob(ctrl, this.exports, this.mainScratch, this.canBlock, true, 0, this.units)
  }
}

function roundUp(x: number, unit: number): number {
  return Math.ceil(x / unit) * unit
}

/** Atomics.wait throws on a browser's main thread; there the pool only spins. */
function probeBlocking(ctrl: Int32Array): boolean {
  try {
    Atomics.wait(ctrl, CTRL.probe, 1, 0)
    return true
  } catch {
    return false
  }
}
