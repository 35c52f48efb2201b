import { pytorchCnnInit, pytorchLinearInit } from './init'
import type { Library, MlpModel } from './library'
import type { ChildResult } from './measurement'
import { gatherBatch, type Mnist } from './mnist'
import { PeakTracker } from './peak'
import { seededRandom, shuffledIndices, uniformArray } from './random'
import { enoughReps, matmulGflops, summarize } from './stats'
import {
  convFlops,
  MNIST_NORMALIZE,
  SEEDS,
  WARMUP_STEPS,
  type CnnWorkload,
  type ConvWorkload,
  type MlpWorkload,
} from './workloads'

/** How long to measure: `quick` caps MLP training at `budgetSeconds`, `full` runs whole epochs. */
export interface RunOptions {
  mode: 'quick' | 'full'
  budgetSeconds: number
}

const now = (): number => performance.now() / 1000

function repBudget(mode: RunOptions['mode']): {
  minReps: number
  minSeconds: number
  maxSeconds: number
} {
  return mode === 'quick'
    ? { minReps: 3, minSeconds: 1, maxSeconds: 5 }
    : { minReps: 5, minSeconds: 3, maxSeconds: 15 }
}

/**
 * Trains the workload's MLP on MNIST: 3 warm-up steps, then one shuffled epoch (the last batch may
 * be short, as with PyTorch's default DataLoader), each step finished by reading its loss. In quick
 * mode training stops once `budgetSeconds` have passed; test accuracy is measured only after a
 * whole epoch. Batches are assembled on the host and uploaded every step, as a training loop does.
 */
export async function runMlp(
  lib: Library,
  workload: MlpWorkload,
  mnist: Mnist,
  options: RunOptions,
): Promise<ChildResult> {
  const features = mnist.train.features
  if (features !== workload.sizes[0])
    throw new Error(
      `bench: ${workload.name} expects ${workload.sizes[0]} inputs, MNIST has ${features}`,
    )
  const model = lib.mlp(workload, pytorchLinearInit(workload.sizes, SEEDS.init))
  return train(lib, model, workload.batch, mnist, options)
}

/** `(x - mean) / std` of every pixel, as the CNN (and PyTorch's example) sees them. */
function normalized(mnist: Mnist): Mnist {
  const { mean, std } = MNIST_NORMALIZE
  const norm = (images: Float32Array) => images.map((v) => (v - mean) / std)
  return {
    train: { ...mnist.train, images: norm(mnist.train.images) },
    test: { ...mnist.test, images: norm(mnist.test.images) },
  }
}

/** Trains the MNIST CNN as runMlp trains an MLP (same warm-up, shuffles and budget). */
export async function runCnn(
  lib: Library,
  workload: CnnWorkload,
  mnist: Mnist,
  options: RunOptions,
): Promise<ChildResult> {
  const model = lib.cnn(pytorchCnnInit(SEEDS.init))
  return train(lib, model, workload.batch, normalized(mnist), options)
}

async function train(
  lib: Library,
  model: MlpModel,
  batch: number,
  mnist: Mnist,
  options: RunOptions,
): Promise<ChildResult> {
  const { train, test } = mnist
  const features = train.features
  const x = new Float32Array(batch * features)
  const y = new Int32Array(batch)
  const peak = new PeakTracker(() => lib.memory())

  const warmOrder = shuffledIndices(train.n, SEEDS.warmup)
  let firstLoss = NaN
  for (let s = 0; s < WARMUP_STEPS; s++) {
    gatherBatch(train, warmOrder, s * batch, batch, x, y)
    const loss = await model.step(x, y, batch)
    if (s === 0) firstLoss = loss
  }

  const order = shuffledIndices(train.n, SEEDS.shuffle)
  let steps = 0
  let samples = 0
  let lastLoss = NaN
  peak.sample()
  const start = now()
  for (let offset = 0; offset < train.n; offset += batch) {
    const count = Math.min(batch, train.n - offset)
    gatherBatch(train, order, offset, count, x, y)
    lastLoss = await model.step(x.subarray(0, count * features), y.subarray(0, count), count)
    steps++
    samples += count
    peak.sample()
    if (!Number.isFinite(lastLoss))
      throw new Error(`bench: the loss is ${lastLoss} at step ${steps}`)
    if (options.mode === 'quick' && now() - start >= options.budgetSeconds) break
  }
  const seconds = now() - start
  const complete = samples === train.n

  let accuracy: number | null = null
  if (complete) {
    let correct = 0
    const chunk = 1000
    for (let offset = 0; offset < test.n; offset += chunk) {
      const count = Math.min(chunk, test.n - offset)
      const xs = test.images.subarray(offset * features, (offset + count) * features)
      correct += await model.correct(xs, test.labels.subarray(offset, offset + count), count)
    }
    accuracy = correct / test.n
  }
  return {
    threads: lib.threads,
    samples_per_s: samples / seconds,
    test_accuracy: accuracy,
    epoch_complete: complete,
    epoch_fraction: samples / train.n,
    steps,
    samples,
    seconds,
    warmup_steps: WARMUP_STEPS,
    first_loss: firstLoss,
    last_loss: lastLoss,
    ...peak.peaks(),
  }
}

/** Times `action` until `enoughReps`; returns the per-run seconds. */
async function timeRuns(
  action: () => void | Promise<void>,
  budget: { minReps: number; minSeconds: number; maxSeconds: number },
  peak: PeakTracker,
): Promise<number[]> {
  const times: number[] = []
  const begin = now()
  while (!enoughReps(times.length, now() - begin, budget)) {
    const t0 = now()
    await action()
    times.push(now() - t0)
    peak.sample()
  }
  return times
}

/**
 * GFLOPS of one N×N @ N×N product with the result read back (median of repetitions). A small
 * product warms the code up first; the first full-size product is a warm-up too unless it alone
 * takes longer than the repetition budget, in which case it is the measurement.
 */
export async function runMatmul(
  lib: Library,
  n: number,
  options: RunOptions,
): Promise<ChildResult> {
  const budget = repBudget(options.mode)
  const peak = new PeakTracker(() => lib.memory())
  const small = Math.min(n, 128)
  const warm = lib.matmul(
    small,
    uniformArray(small * small, SEEDS.data),
    uniformArray(small * small, SEEDS.data + 1),
  )
  for (let i = 0; i < 3; i++) await warm.run()
  warm.dispose()

  const mm = lib.matmul(n, uniformArray(n * n, SEEDS.data), uniformArray(n * n, SEEDS.data + 1))
  peak.sample()
  const t0 = now()
  await mm.run()
  const first = now() - t0
  peak.sample()
  const times = first >= budget.maxSeconds ? [first] : await timeRuns(() => mm.run(), budget, peak)
  mm.dispose()
  const s = summarize(times)
  return {
    threads: lib.threads,
    gflops: matmulGflops(n, s.median),
    reps: s.reps,
    median_s: s.median,
    min_s: s.min,
    ...peak.peaks(),
  }
}

/** Microseconds per op of a chain of `ops` elementwise ops on `size` elements, forward + backward. */
export async function runOverhead(
  lib: Library,
  ops: number,
  size: number,
  options: RunOptions,
): Promise<ChildResult> {
  const random = seededRandom(SEEDS.data)
  const x = Float32Array.from({ length: size }, () => random() * 2 - 1)
  const w = Float32Array.from({ length: size }, () => 0.9 + 0.2 * random())
  const chain = lib.overhead(ops, x, w)
  const peak = new PeakTracker(() => lib.memory())
  const warmup = options.mode === 'quick' ? 0.5 : 2
  await timeRuns(() => chain.run(), { minReps: 10, minSeconds: warmup, maxSeconds: warmup }, peak)
  const budget =
    options.mode === 'quick'
      ? { minReps: 20, minSeconds: 2, maxSeconds: 10 }
      : { minReps: 50, minSeconds: 5, maxSeconds: 30 }
  const s = summarize(await timeRuns(() => chain.run(), budget, peak))
  chain.dispose()
  return {
    threads: lib.threads,
    us_per_op: (s.median / ops) * 1e6,
    reps: s.reps,
    median_s: s.median,
    min_s: s.min,
    ...peak.peaks(),
  }
}

/**
 * GFLOPS of one conv2d forward plus its input and weight gradients (3 × the forward's flops),
 * median of repetitions after one warm-up run.
 */
export async function runConv(
  lib: Library,
  workload: ConvWorkload,
  options: RunOptions,
): Promise<ChildResult> {
  const budget = repBudget(options.mode)
  const peak = new PeakTracker(() => lib.memory())
  const { batch, inChannels, size, outChannels, kernel } = workload
  const x = uniformArray(batch * inChannels * size * size, SEEDS.data)
  const w = uniformArray(outChannels * inChannels * kernel * kernel, SEEDS.data + 1)
  const conv = lib.conv(workload, x, w)
  const t0 = now()
  await conv.run()
  const first = now() - t0
  peak.sample()
  // A run slower than the whole budget (tfjs's cpu backend) is the measurement itself.
  const times =
    first >= budget.maxSeconds ? [first] : await timeRuns(() => conv.run(), budget, peak)
  const s = summarize(times)
  conv.dispose()
  return {
    threads: lib.threads,
    gflops: (3 * convFlops(workload)) / s.median / 1e9,
    reps: s.reps,
    median_s: s.median,
    min_s: s.min,
    ...peak.peaks(),
  }
}
