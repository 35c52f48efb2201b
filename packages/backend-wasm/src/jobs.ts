/**
 * The work a threaded job is cut into, run the same way by the main thread and by every worker.
 *
 * A job is a numbered sequence of units. Threads claim units from a shared counter in order;
 * a unit may need earlier ones finished first (a GEMM computes only once its B panel is packed),
 * which it checks against a shared count of finished units. Because units are claimed in
 * order and only ever wait for lower-numbered ones, no thread can wait on a unit nobody holds,
 * and a thread that arrives late simply finds fewer units left. Both counters only ever grow
 * (wrapping at 2^32; compared by signed difference), so a worker still holding the parameters
 * of an earlier job finds its range used up and stops without touching the new job.
 *
 * Besides the backend's own jobs (a GEMM, elementwise "map" passes), a job may run the units of
 * an operator package's module (`KIND.units`): unit `i` calls the module's exported
 * `unit(i, args, thread)` on whichever thread claimed it. Workers instantiate a package's module
 * the first time they meet one of its jobs, from the bytes the main thread left in the shared
 * memory (a worker sleeping in Atomics.wait never reads a message, so nothing is posted to it).
 * A unit that throws on a worker is counted as done and reported through `CTRL.failed`, so the
 * job still finishes and the main thread can raise the error.
 *
 * The workers run this same file: scripts/build-worker.mjs bundles threadWorker.ts, which
 * imports it, into the worker's source at build time.
 */

/** Layout of the control block, in i32 words. */
export const CTRL = {
  /** Bumped by the main thread before and after it writes a job's parameters (odd: writing). */
  generation: 0,
  /** The next unit to claim. */
  claim: 2,
  /** Units finished. */
  done: 3,
  /** Always 0: lets the main thread probe whether it may block in Atomics.wait. */
  probe: 4,
  /** Units run by workers, ever (what shows that they take part). */
  workerUnits: 5,
  /** 1 + the first unit of a package job that threw on a worker, 0 when none did. */
  failed: 6,
  /** The posted job: parameters from here on (see `JOB`, `GEMM`, `MAP`). */
  params: 8,
  words: 40,
} as const

/** Parameters every job has, as offsets from `CTRL.params`. */
export const JOB = {
  /** `KIND.gemm`, `KIND.map` or `KIND.units`. */
  kind: 0,
  /** The job's first unit and one past its last. */
  begin: 1,
  end: 2,
} as const

export const KIND = { gemm: 0, map: 1, units: 2 } as const

/** Parameters of a GEMM job, as offsets from `CTRL.params`. */
export const GEMM = {
  a: 3,
  b: 4,
  c: 5,
  m: 6,
  n: 7,
  k: 8,
  lda: 9,
  ldb: 10,
  ldc: 11,
  transA: 12,
  transB: 13,
  accumulate: 14,
  /** The shared packed-B panel. */
  panel: 15,
  /** Blocking: panel width and depth (assembly/kernels/matmul.ts's NC and KC). */
  nc: 16,
  kc: 17,
  /** Depth steps per panel. */
  depthSteps: 18,
  /** Pack units per step, NR-wide strips per pack unit. */
  packUnits: 19,
  stripsPerUnit: 20,
  /** Compute units per step: row blocks × column blocks of C. */
  rowsPerUnit: 21,
  rowUnits: 22,
  colsPerUnit: 23,
  colUnits: 24,
  count: 25,
} as const

/**
 * Parameters of an elementwise ("map") job: `n` elements cut into `chunk`-sized units, each
 * running one kernel (`MAP_KERNEL`) on its range, with up to five pointers (`x0`...), an op and
 * stride pair for binary rows, and a block of f64 scalars for the optimizer steps.
 */
export const MAP = {
  kernel: 3,
  dtype: 4,
  op: 5,
  n: 6,
  chunk: 7,
  x0: 8,
  x1: 9,
  x2: 10,
  x3: 11,
  x4: 12,
  /** Element strides of a binary row's operands (0 or 1). */
  s0: 13,
  s1: 14,
  scalars: 15,
  /** Bytes per element of the input and of the output (a comparison writes 1-byte bools). */
  bytes: 16,
  outBytes: 17,
  count: 18,
} as const

export const MAP_KERNEL = {
  /** `unary(op, dtype, x, out, n)`. */
  unary: 0,
  /** `binaryRow(op, dtype, a, sa, b, sb, out, n)`. */
  binaryRow: 1,
  /** `reluBackward(dtype, dy, y, out, n)`. */
  reluBackward: 2,
  /** `sgdStep(dtype, param, grad, buf, scalars, start, end)`. */
  sgdStep: 3,
  /** `adamStep(dtype, param, grad, expAvg, expAvgSq, maxSq, scalars, start, end)`. */
  adamStep: 4,
  /** `reduceRows(op, dtype, x, out, rows, s0 = row length, s1 = accumulate)`, by rows. */
  reduceRows: 5,
  /** `reduceCols(op, dtype, x, out, s0 = rows, k, n = row length, s1 = accumulate)`, by columns. */
  reduceCols: 6,
} as const

/**
 * Parameters of a package module's job (`KIND.units`): which module (its number in the pool and
 * the byte address of its descriptor: see `DESCRIPTOR`), which of its exported functions (by
 * position among the function exports), the argument block's address, and how many units make
 * a phase (0: all independent; else unit `i` starts only once every unit of an earlier phase
 * has finished).
 */
export const UNITS = {
  module: 3,
  descriptor: 4,
  fn: 5,
  args: 6,
  phaseUnits: 7,
  count: 8,
} as const

/** A package module's descriptor in the shared memory, in i32 words: where workers find it. */
export const DESCRIPTOR = {
  /** Its (relocated) bytes. */
  bytes: 0,
  length: 1,
  /** The package's name, UTF-8, for errors. */
  name: 2,
  nameLength: 3,
  words: 4,
} as const

/** One unit of a package job: an export of the package's module. */
export type UnitFunction = (unit: number, args: number, thread: number) => void

/** Where a thread finds the unit functions of package modules, and where it reports failures. */
export interface UnitSource {
  /** Unit function `fn` of module `module` (descriptor at `descriptor`); null if this thread cannot run it. */
  get(module: number, descriptor: number, fn: number): UnitFunction | null
  /** Unit `unit` threw `error`. */
  failed(unit: number, error: unknown): void
}

/**
 * Waits until `target` units are finished: spins briefly (units take a fraction of a
 * millisecond), then sleeps, so that on a busy machine a waiting thread gives its core to the
 * thread it waits for.
 */
function awaitDone(ctrl: Int32Array, target: number, canBlock: boolean): void {
  const spinEnd = performance.now() + 0.1
  for (let i = 1; ; i++) {
    const done = Atomics.load(ctrl, CTRL.done)
    if (((done - target) | 0) >= 0) return
    if (canBlock && (i & 255) === 0 && performance.now() > spinEnd) {
      Atomics.wait(ctrl, CTRL.done, done, 1)
    }
  }
}

/** The AssemblyScript exports a job runs. */
export interface JobExports {
  // prettier-ignore
  gemmPackB(b: number, ldb: number, transB: number, jc: number, nc: number, pc: number, kc: number, s0: number, s1: number, bp: number): void
  // prettier-ignore
  gemmBlock(a: number, lda: number, transA: number, c: number, ldc: number, i0: number, mc: number, jc: number, j0: number, j1: number, pc: number, kc: number, acc: number, bp: number, scratch: number): void
  unary(op: number, dtype: number, x: number, out: number, n: number): void
  // prettier-ignore
  binaryRow(op: number, dtype: number, a: number, sa: number, b: number, sb: number, out: number, n: number): void
  reluBackward(dtype: number, dy: number, y: number, out: number, n: number): void
  // prettier-ignore
  reduceRows(op: number, dtype: number, x: number, out: number, rows: number, n: number, accumulate: number): void
  // prettier-ignore
  reduceCols(op: number, dtype: number, x: number, out: number, r: number, k: number, ld: number, accumulate: number): void
  // prettier-ignore
  sgdStep(dtype: number, param: number, grad: number, buf: number, scalars: number, start: number, end: number): void
  // prettier-ignore
  adamStep(dtype: number, param: number, grad: number, expAvg: number, expAvgSq: number, maxSq: number, scalars: number, start: number, end: number): void
}

/**
 * Takes part in the posted job until no unit is left; with `untilDone` (the main thread), then
 * waits for the units other threads are still running. `scratch` is this thread's own GEMM
 * scratch; `canBlock` says whether it may sleep in Atomics.wait (not on a browser's main
 * thread); `thread` numbers it (0 the main thread) for package units, found through `units`.
 * Returns the generation of the job it took part in.
 */
export function runJob(
  ctrl: Int32Array,
  ex: JobExports,
  scratch: number,
  canBlock: boolean,
  untilDone: boolean,
  thread: number,
  units: UnitSource,
): number {
  const C = CTRL
  const J = JOB
  const G = GEMM
  const M = MAP
  const MK = MAP_KERNEL
  // A consistent copy of the parameters: reread if a new job was posted meanwhile. The
  // generation is odd while the main thread is writing them.
  const p = new Int32Array(C.words - C.params)
  let generation: number
  do {
    generation = Atomics.load(ctrl, C.generation)
    if ((generation & 1) !== 0) continue
    for (let i = 0; i < p.length; i++) p[i] = Atomics.load(ctrl, C.params + i)
  } while (Atomics.load(ctrl, C.generation) !== generation || (generation & 1) !== 0)
  if (p[J.kind] === KIND.units) {
    runUnits(ctrl, p, canBlock, untilDone, thread, units)
    return generation
  }
  const begin = p[J.begin]
  const end = p[J.end]
  const isGemm = p[J.kind] === KIND.gemm
  const NR = 8
  const perStep = p[G.packUnits] + p[G.rowUnits] * p[G.colUnits]
  const bytes = p[M.bytes]
  let ran = 0
  for (;;) {
    const unit = Atomics.load(ctrl, C.claim)
    if (((unit - end) | 0) >= 0) {
      if (untilDone) awaitDone(ctrl, end, canBlock)
      else if (ran > 0) Atomics.add(ctrl, C.workerUnits, ran)
      return generation
    }
    if (Atomics.compareExchange(ctrl, C.claim, unit, (unit + 1) | 0) !== unit) continue
    const local = (unit - begin) | 0
    if (!isGemm) {
      // Elementwise units are independent: no waiting.
      const s = local * p[M.chunk]
      const e = Math.min(s + p[M.chunk], p[M.n])
      const kernel = p[M.kernel]
      const dtype = p[M.dtype]
      if (kernel === MK.unary) {
        ex.unary(p[M.op], dtype, p[M.x0] + s * bytes, p[M.x1] + s * bytes, e - s)
      } else if (kernel === MK.binaryRow) {
        const outBytes = p[M.outBytes]
        // prettier-ignore
        ex.binaryRow(p[M.op], dtype, p[M.x0] + s * p[M.s0] * bytes, p[M.s0], p[M.x1] + s * p[M.s1] * bytes, p[M.s1], p[M.x2] + s * outBytes, e - s)
      } else if (kernel === MK.reluBackward) {
        // prettier-ignore
        ex.reluBackward(dtype, p[M.x0] + s * bytes, p[M.x1] + s * bytes, p[M.x2] + s * bytes, e - s)
      } else if (kernel === MK.reduceRows) {
        // prettier-ignore
        ex.reduceRows(p[M.op], dtype, p[M.x0] + s * p[M.s0] * bytes, p[M.x1] + s * bytes, e - s, p[M.s0], p[M.s1])
      } else if (kernel === MK.reduceCols) {
        // prettier-ignore
        ex.reduceCols(p[M.op], dtype, p[M.x0] + s * bytes, p[M.x1] + s * bytes, p[M.s0], e - s, p[M.n], p[M.s1])
      } else if (kernel === MK.sgdStep) {
        ex.sgdStep(dtype, p[M.x0], p[M.x1], p[M.x2], p[M.scalars], s, e)
      } else {
        // prettier-ignore
        ex.adamStep(dtype, p[M.x0], p[M.x1], p[M.x2], p[M.x3], p[M.x4], p[M.scalars], s, e)
      }
      Atomics.add(ctrl, C.done, 1)
      Atomics.notify(ctrl, C.done)
      ran++
      continue
    }
    const step = Math.floor(local / perStep)
    const r = local - step * perStep
    const packing = r < p[G.packUnits]
    const phaseStart = (begin + step * perStep + (packing ? 0 : p[G.packUnits])) | 0
    // Wait for the units this one depends on: the previous step (for packing into the panel it
    // read) or this step's packing (for computing).
    awaitDone(ctrl, phaseStart, canBlock)
    const n = p[G.n]
    const k = p[G.k]
    const jc = Math.floor(step / p[G.depthSteps]) * p[G.nc]
    const pc = (step % p[G.depthSteps]) * p[G.kc]
    const nc = Math.min(p[G.nc], n - jc)
    const kc = Math.min(p[G.kc], k - pc)
    if (packing) {
      const s0 = r * p[G.stripsPerUnit]
      const s1 = Math.min(s0 + p[G.stripsPerUnit], Math.ceil(nc / NR))
      // prettier-ignore
      if (s0 < s1) ex.gemmPackB(p[G.b], p[G.ldb], p[G.transB], jc, nc, pc, kc, s0, s1, p[G.panel])
    } else {
      const q = r - p[G.packUnits]
      const row = Math.floor(q / p[G.colUnits])
      const i0 = row * p[G.rowsPerUnit]
      const mc = Math.min(p[G.rowsPerUnit], p[G.m] - i0)
      const j0 = (q - row * p[G.colUnits]) * p[G.colsPerUnit]
      const j1 = Math.min(j0 + p[G.colsPerUnit], nc)
      const acc = p[G.accumulate] | +(pc > 0)
      // prettier-ignore
      if (mc > 0 && j0 < j1) ex.gemmBlock(p[G.a], p[G.lda], p[G.transA], p[G.c], p[G.ldc], i0, mc, jc, j0, j1, pc, kc, acc, p[G.panel], scratch)
    }
    Atomics.add(ctrl, C.done, 1)
    Atomics.notify(ctrl, C.done)
    ran++
  }
}

/** A package job's share for this thread (see `runJob`): claims units and calls the module's export. */
function runUnits(
  ctrl: Int32Array,
  p: Int32Array,
  canBlock: boolean,
  untilDone: boolean,
  thread: number,
  units: UnitSource,
): void {
  const begin = p[JOB.begin]
  const end = p[JOB.end]
  const phase = p[UNITS.phaseUnits]
  const args = p[UNITS.args]
  // A worker that could not instantiate the module leaves the units to the other threads.
  const fn = units.get(p[UNITS.module], p[UNITS.descriptor], p[UNITS.fn])
  let ran = 0
  while (fn !== null) {
    const unit = Atomics.load(ctrl, CTRL.claim)
    if (((unit - end) | 0) >= 0) break
    if (Atomics.compareExchange(ctrl, CTRL.claim, unit, (unit + 1) | 0) !== unit) continue
    const local = (unit - begin) | 0
    if (phase > 0) awaitDone(ctrl, (unit - (local % phase)) | 0, canBlock)
    try {
      fn(local, args, thread)
    } catch (error) {
      units.failed(local, error)
    }
    Atomics.add(ctrl, CTRL.done, 1)
    Atomics.notify(ctrl, CTRL.done)
    ran++
  }
  if (untilDone) awaitDone(ctrl, end, canBlock)
  else if (ran > 0) Atomics.add(ctrl, CTRL.workerUnits, ran)
}
