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
 * `runJob` is also the workers' copy: threadWorker.ts embeds its source text, so it must not
 * refer to anything outside its own parameters.
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
  /** The posted job: parameters from here on (see `GEMM`). */
  params: 8,
  words: 40,
} as const

/** Parameters of a GEMM job, as offsets from `CTRL.params`. */
export const GEMM = {
  /** The job's first unit and one past its last. */
  begin: 0,
  end: 1,
  a: 2,
  b: 3,
  c: 4,
  m: 5,
  n: 6,
  k: 7,
  lda: 8,
  ldb: 9,
  ldc: 10,
  transA: 11,
  transB: 12,
  accumulate: 13,
  /** The shared packed-B panel. */
  panel: 14,
  /** Blocking: panel width and depth (assembly/kernels/matmul.ts's NC and KC). */
  nc: 15,
  kc: 16,
  /** Depth steps per panel. */
  depthSteps: 17,
  /** Pack units per step, NR-wide strips per pack unit. */
  packUnits: 18,
  stripsPerUnit: 19,
  /** Compute units per step: row blocks × column blocks of C. */
  rowsPerUnit: 20,
  rowUnits: 21,
  colsPerUnit: 22,
  colUnits: 23,
  count: 24,
} as const

/** The AssemblyScript exports a job runs. */
export interface JobExports {
  // prettier-ignore
  gemmPackB(b: number, ldb: number, transB: number, jc: number, nc: number, pc: number, kc: number, s0: number, s1: number, bp: number): void
  // prettier-ignore
  gemmBlock(a: number, lda: number, transA: number, c: number, ldc: number, i0: number, mc: number, jc: number, j0: number, j1: number, pc: number, kc: number, acc: number, bp: number, scratch: number): void
}

/**
 * Takes part in the posted job until no unit is left; with `untilDone` (the main thread), then
 * waits for the units other threads are still running. `scratch` is this thread's own GEMM
 * scratch; `canBlock` says whether it may sleep in Atomics.wait (not on a browser's main
 * thread). Returns the generation of the job it took part in.
 */
export function runJob(
  ctrl: Int32Array,
  ex: JobExports,
  scratch: number,
  canBlock: boolean,
  untilDone: boolean,
  C: typeof CTRL,
  G: typeof GEMM,
): number {
  // Waits until `target` units are finished: spins briefly (units take a fraction of a
  // millisecond), then sleeps, so that on a busy machine a waiting thread gives its core to
  // the thread it waits for.
  const awaitDone = (target: number): void => {
    const spinEnd = performance.now() + 0.1
    for (let i = 1; ; i++) {
      const done = Atomics.load(ctrl, C.done)
      if (((done - target) | 0) >= 0) return
      if (canBlock && (i & 255) === 0 && performance.now() > spinEnd) {
        Atomics.wait(ctrl, C.done, done, 1)
      }
    }
  }
  // A consistent copy of the parameters: reread if a new job was posted meanwhile.
  // The generation is odd while the main thread is writing them.
  const p = new Int32Array(G.count)
  let generation: number
  do {
    generation = Atomics.load(ctrl, C.generation)
    if ((generation & 1) !== 0) continue
    for (let i = 0; i < G.count; i++) p[i] = Atomics.load(ctrl, C.params + i)
  } while (Atomics.load(ctrl, C.generation) !== generation || (generation & 1) !== 0)
  const begin = p[G.begin]
  const end = p[G.end]
  const NR = 8
  const n = p[G.n]
  const k = p[G.k]
  const perStep = p[G.packUnits] + p[G.rowUnits] * p[G.colUnits]
  for (;;) {
    const unit = Atomics.load(ctrl, C.claim)
    if (((unit - end) | 0) >= 0) {
      if (untilDone) awaitDone(end)
      return generation
    }
    if (Atomics.compareExchange(ctrl, C.claim, unit, (unit + 1) | 0) !== unit) continue
    const local = (unit - begin) | 0
    const step = Math.floor(local / perStep)
    const r = local - step * perStep
    const packing = r < p[G.packUnits]
    const phaseStart = (begin + step * perStep + (packing ? 0 : p[G.packUnits])) | 0
    // Wait for the units this one depends on: the previous step (for packing into the panel it
    // read) or this step's packing (for computing).
    awaitDone(phaseStart)
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
  }
}
