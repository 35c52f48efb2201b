/**
 * MLP training throughput on synthetic MNIST-shaped data (784 inputs, 10 classes): the shapes of
 * BENCHMARKS.md's workloads with core ops only (linear, relu, crossEntropy, SGD with Nesterov
 * momentum inside noGrad, each step in tidy()). Reads the loss every step, so every step really
 * finishes. Prints one JSON line per workload. Runs on the built packages (`pnpm build` first).
 *
 *   node bench/mlp.mjs [--threads 1,2] [--steps 100]
 */
import { availableParallelism } from 'node:os'
import {
  crossEntropy,
  linear,
  manualSeed,
  noGrad,
  randn,
  randint,
  setBackend,
  tensor,
  tidy,
  uniformValues,
  use,
  zerosLike,
  keep,
} from '@othergrad/core'
import { wasmBackend } from '../dist/index.js'

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`)
  return i < 0 ? fallback : process.argv[i + 1]
}
const threadCounts = option('threads', '1,2').split(',').map(Number)
const steps = Number(option('steps', '100'))
const workloads = [
  { name: 'mlp-784-512-256-10-b128', sizes: [784, 512, 256, 10], batch: 128 },
  { name: 'mlp-784-128-64-10-b32', sizes: [784, 128, 64, 10], batch: 32 },
  { name: 'mlp-784-1024-1024-10-b512', sizes: [784, 1024, 1024, 10], batch: 512 },
]

function param(shape, fanIn) {
  const bound = 1 / Math.sqrt(fanIn)
  const size = shape.reduce((a, b) => a * b, 1)
  return tensor(uniformValues(size, -bound, bound, 'float32'), { shape, requiresGrad: true })
}

for (const threads of threadCounts) {
  const name = `wasm${threads}`
  const backend = wasmBackend({ threads, name })
  use(backend)
  await setBackend(name)
  for (const w of workloads) {
    manualSeed(0)
    const params = []
    for (let l = 0; l + 1 < w.sizes.length; l++) {
      params.push(
        param([w.sizes[l + 1], w.sizes[l]], w.sizes[l]),
        param([w.sizes[l + 1]], w.sizes[l]),
      )
    }
    const velocity = params.map((p) => zerosLike(p))
    const x = randn([w.batch, 784]).abs().clamp(0, 1)
    const y = randint(0, 10, [w.batch])
    const step = () =>
      tidy(() => {
        let h = x
        for (let l = 0; l < params.length; l += 2) {
          h = linear(h, params[l], params[l + 1])
          if (l + 2 < params.length) h = h.relu()
        }
        const loss = crossEntropy(h, y)
        for (const p of params) p.grad = null
        loss.backward()
        noGrad(() => {
          params.forEach((p, i) => {
            // SGD, momentum 0.9, Nesterov: v = 0.9 v + g; p -= lr (g + 0.9 v)
            velocity[i].mul_(0.9).add_(p.grad)
            p.sub_(p.grad.add(velocity[i].mul(0.9)).mul(0.01))
          })
        })
        for (const p of params) keep(p)
        return loss.itemSync()
      })
    for (let s = 0; s < 3; s++) step()
    const t0 = performance.now()
    for (let s = 0; s < steps; s++) step()
    const seconds = (performance.now() - t0) / 1000
    console.log(
      JSON.stringify({
        bench: w.name,
        backend: 'wasm',
        threads: backend.memory().threads,
        samplesPerSecond: Math.round((steps * w.batch) / seconds),
        heapSize: backend.memory().heapSize,
        cores: availableParallelism(),
      }),
    )
  }
}
process.exit(0)
