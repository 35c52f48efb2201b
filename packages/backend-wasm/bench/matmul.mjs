/**
 * matmul-N benchmark (BENCHMARKS.md): float32 N×N @ N×N through the backend's matmul kernel,
 * every transpose combination, GFLOPS = 2N³ / seconds. Runs on the built package (`pnpm build`
 * first; `pnpm bench` does both) and prints one JSON line per measurement.
 *
 *   node bench/matmul.mjs [--threads 1,2] [--sizes 256,1024,2048] [--seconds 3]
 */
import { availableParallelism, cpus } from 'node:os'
import { wasmBackend } from '../dist/index.js'

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`)
  return i < 0 ? fallback : process.argv[i + 1]
}
const threadCounts = option('threads', '1,2').split(',').map(Number)
const sizes = option('sizes', '256,1024,2048').split(',').map(Number)
const seconds = Number(option('seconds', '3'))
const combos = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
]
const machine = `${cpus()[0]?.model ?? 'unknown'} (${availableParallelism()} cores)`

for (const threads of threadCounts) {
  const backend = wasmBackend({ threads })
  await backend.init()
  const actualThreads = backend.memory().threads
  const matmul = backend.kernels.get('matmul')
  for (const n of sizes) {
    const values = new Float32Array(n * n)
    for (let i = 0; i < values.length; i++) values[i] = Math.random() - 0.5
    const info = (storage) => ({ storage, shape: [n, n], dtype: 'float32' })
    const a = info(backend.write(values, 'float32'))
    const b = info(backend.write(values, 'float32'))
    for (const [transposeA, transposeB] of combos) {
      const attrs = { transposeA, transposeB }
      const out = [{ shape: [n, n], dtype: 'float32' }]
      const run = () => backend.disposeStorage(matmul([a, b], attrs, out))
      run()
      // Best of repeated timings over the time budget: the machine is shared and noisy, and
      // the best run is the one least disturbed by other work.
      const reps = Math.max(1, Math.round(2e8 / n ** 3))
      let best = Infinity
      const deadline = performance.now() + (seconds * 1000) / combos.length
      do {
        const t0 = performance.now()
        for (let r = 0; r < reps; r++) run()
        best = Math.min(best, (performance.now() - t0) / reps)
      } while (performance.now() < deadline)
      const gflops = (2 * n ** 3) / (best / 1000) / 1e9
      const flags = `${transposeA ? 'T' : 'N'}${transposeB ? 'T' : 'N'}`
      console.log(
        JSON.stringify({
          bench: `matmul-${n}`,
          backend: 'wasm',
          transpose: flags,
          threads: actualThreads,
          ms: +best.toFixed(3),
          gflops: +gflops.toFixed(1),
          machine,
        }),
      )
    }
    backend.disposeStorage(a.storage)
    backend.disposeStorage(b.storage)
  }
}
process.exit(0)
