/**
 * The limit the WebAssembly figures are measured against: how many float32 multiply-adds this
 * machine's engine retires per second when it does nothing else. A tiny module, assembled here,
 * runs ten independent `f32x4.relaxed_madd` chains in registers (no memory traffic): on x86 with
 * FMA3 each is one fused multiply-add, and ten chains cover the instruction's latency on every
 * current core. A matmul or a training step can approach this figure, never pass it.
 */

/** Independent accumulator chains: enough to hide the FMA latency (4-5 cycles, 2 per cycle). */
const CHAINS = 10

const SIMD = 0xfd
const OP = {
  block: 0x02,
  loop: 0x03,
  br: 0x0c,
  brIf: 0x0d,
  end: 0x0b,
  localGet: 0x20,
  localSet: 0x21,
  i32Const: 0x41,
  i32Eqz: 0x45,
  i32Sub: 0x6b,
  v128: 0x7b,
  i32: 0x7f,
  f32: 0x7d,
} as const
// SIMD opcodes (after the 0xfd prefix), LEB128-encoded.
const F32X4_SPLAT = [0x13]
const F32X4_EXTRACT_LANE = [0x1f]
const F32X4_ADD = [0xe4, 0x01]
const F32X4_RELAXED_MADD = [0x85, 0x02]
const F32_CONST = 0x43

function uleb(n: number): number[] {
  const out: number[] = []
  do {
    let byte = n & 0x7f
    n >>>= 7
    if (n !== 0) byte |= 0x80
    out.push(byte)
  } while (n !== 0)
  return out
}

function f32Bytes(x: number): number[] {
  return [...new Uint8Array(new Float32Array([x]).buffer)]
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body]
}

/**
 * `(func (param $n i32) (result f32))`: `$n` iterations of `CHAINS` relaxed multiply-adds on
 * v128 locals, then the lanes summed so that nothing is dead code.
 */
function fmaBody(): number[] {
  const n = 0
  const acc = (i: number) => 1 + i
  const a = 1 + CHAINS
  const b = 2 + CHAINS
  const code: number[] = []
  const splat = (x: number, local: number) =>
    code.push(F32_CONST, ...f32Bytes(x), SIMD, ...F32X4_SPLAT, OP.localSet, local)
  // Values near 1, so the chains stay finite for any iteration count.
  splat(0.999999, a)
  splat(1e-7, b)
  code.push(OP.block, 0x40, OP.loop, 0x40)
  code.push(OP.localGet, n, OP.i32Eqz, OP.brIf, 1)
  for (let i = 0; i < CHAINS; i++) {
    code.push(OP.localGet, acc(i), OP.localGet, a, OP.localGet, b)
    code.push(SIMD, ...F32X4_RELAXED_MADD, OP.localSet, acc(i))
  }
  code.push(OP.localGet, n, OP.i32Const, 1, OP.i32Sub, OP.localSet, n)
  code.push(OP.br, 0, OP.end, OP.end)
  code.push(OP.localGet, acc(0))
  for (let i = 1; i < CHAINS; i++) code.push(OP.localGet, acc(i), SIMD, ...F32X4_ADD)
  code.push(SIMD, ...F32X4_EXTRACT_LANE, 0, OP.end)
  const locals = [1, ...uleb(CHAINS + 2), OP.v128]
  const body = [...locals, ...code]
  return [...uleb(body.length), ...body]
}

/** The module: one export, `fma(iterations) -> f32`. Valid only where relaxed SIMD is. */
export function fmaPeakModule(): Uint8Array<ArrayBuffer> {
  const type = section(1, [1, 0x60, 1, OP.i32, 1, OP.f32])
  const func = section(3, [1, 0])
  const name = [...new TextEncoder().encode('fma')]
  const exports = section(7, [1, ...uleb(name.length), ...name, 0x00, 0])
  const code = section(10, [1, ...fmaBody()])
  return new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...type, ...func, ...exports, ...code])
}

/** Float operations of one `fma(iterations)` call: 4 lanes, 2 flops per multiply-add. */
export function fmaFlops(iterations: number): number {
  return iterations * CHAINS * 4 * 2
}

/**
 * GFLOPS of the module on the calling thread: the best of `rounds` timed calls of `iterations`
 * each, after a warm-up call (which also lets the engine's optimising tier take over).
 */
export function timeFma(
  fma: (iterations: number) => number,
  iterations = 2_000_000,
  rounds = 5,
): number {
  fma(iterations / 10)
  let best = Infinity
  for (let r = 0; r < rounds; r++) {
    const start = performance.now()
    fma(iterations)
    best = Math.min(best, performance.now() - start)
  }
  return fmaFlops(iterations) / (best * 1e6)
}

/** A worker running `fma(iterations)` each time the shared round counter moves on. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { fma } = new WebAssembly.Instance(new WebAssembly.Module(workerData.bytes)).exports
const ctrl = new Int32Array(workerData.control)
parentPort.postMessage('ready')
for (let round = 1; round <= workerData.rounds; round++) {
  while (Atomics.load(ctrl, 0) < round) Atomics.wait(ctrl, 0, round - 1)
  const start = performance.now()
  fma(round === 1 ? workerData.iterations / 10 : workerData.iterations)
  parentPort.postMessage(performance.now() - start)
}
`

/**
 * The FMA limit in Node on `threads` threads at once (the calling one and `threads - 1` workers
 * started together each round): total GFLOPS of the best round. Turns on V8's relaxed-SIMD flag
 * where Node 20 keeps it behind one. Null where the engine has no relaxed SIMD.
 */
export async function nodeFmaPeak(
  threads: number,
  iterations = 20_000_000,
): Promise<number | null> {
  const bytes = fmaPeakModule()
  if (!WebAssembly.validate(bytes)) {
    const v8 = await import('node:v8')
    v8.setFlagsFromString('--experimental-wasm-relaxed-simd')
    if (!WebAssembly.validate(bytes)) return null
  }
  const { fma } = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as {
    fma: (n: number) => number
  }
  if (threads === 1) return timeFma(fma, iterations)
  const { Worker } = await import('node:worker_threads')
  const rounds = 6
  const control = new SharedArrayBuffer(4)
  const ctrl = new Int32Array(control)
  const workers = Array.from(
    { length: threads - 1 },
    () =>
      new Worker(WORKER_SOURCE, { eval: true, workerData: { bytes, control, rounds, iterations } }),
  )
  const inbox = workers.map((w) => {
    const queue: number[] = []
    const waiting: ((t: number) => void)[] = []
    w.on('message', (m: unknown) => {
      if (m === 'ready') return
      const next = waiting.shift()
      if (next) next(m as number)
      else queue.push(m as number)
    })
    return () =>
      queue.length > 0
        ? Promise.resolve(queue.shift()!)
        : new Promise<number>((resolve) => waiting.push(resolve))
  })
  await Promise.all(workers.map((w) => new Promise((r) => w.once('online', r))))
  let best = 0
  try {
    for (let round = 1; round <= rounds; round++) {
      Atomics.store(ctrl, 0, round)
      Atomics.notify(ctrl, 0)
      const n = round === 1 ? iterations / 10 : iterations
      const start = performance.now()
      fma(n)
      const mine = performance.now() - start
      const theirs = await Promise.all(inbox.map((next) => next()))
      if (round > 1)
        best = Math.max(best, (threads * fmaFlops(n)) / (Math.max(mine, ...theirs) * 1e6))
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()))
  }
  return best
}
