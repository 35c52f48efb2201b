/**
 * The standard workloads of BENCHMARKS.md, as data: every implementation reads the same table,
 * so a name means one thing everywhere.
 */

export type WorkloadKind = 'mlp' | 'matmul' | 'overhead' | 'cnn' | 'conv'

/** MNIST MLP training: layer widths from input to logits, and the minibatch size. */
export interface MlpWorkload {
  kind: 'mlp'
  name: string
  sizes: readonly number[]
  batch: number
}

/** One float32 N×N @ N×N product, result read back. */
export interface MatmulWorkload {
  kind: 'matmul'
  name: string
  n: number
}

/** A chain of `ops` elementwise ops on a `size`-element tensor, forward and backward. */
export interface OverheadWorkload {
  kind: 'overhead'
  name: string
  ops: number
  size: number
}

/**
 * PyTorch's examples/mnist CNN (conv 1→32 3x3, ReLU, conv 32→64 3x3, ReLU, max pool 2, dropout
 * 0.25, fc 9216→128, ReLU, dropout 0.5, fc 128→10, cross-entropy) trained with Adadelta, as
 * `pnpm mnist --model cnn` trains it, on normalised images.
 */
export interface CnnWorkload {
  kind: 'cnn'
  name: string
  batch: number
}

/** One conv2d (stride 1, no padding) forward and backward (input and weight gradients). */
export interface ConvWorkload {
  kind: 'conv'
  name: string
  batch: number
  inChannels: number
  size: number
  outChannels: number
  kernel: number
}

export type Workload = MlpWorkload | MatmulWorkload | OverheadWorkload | CnnWorkload | ConvWorkload

function mlp(sizes: readonly number[], batch: number): MlpWorkload {
  return { kind: 'mlp', name: `mlp-${sizes.join('-')}-b${batch}`, sizes, batch }
}

function matmul(n: number): MatmulWorkload {
  return { kind: 'matmul', name: `matmul-${n}`, n }
}

export const WORKLOADS: readonly Workload[] = [
  mlp([784, 512, 256, 10], 128),
  mlp([784, 128, 64, 10], 32),
  mlp([784, 1024, 1024, 10], 512),
  matmul(256),
  matmul(1024),
  matmul(2048),
  { kind: 'overhead', name: 'overhead-chain', ops: 1000, size: 16 },
  { kind: 'cnn', name: 'cnn-mnist-b64', batch: 64 },
  {
    kind: 'conv',
    name: 'conv2d-b64-32x26x26-64-3x3',
    batch: 64,
    inChannels: 32,
    size: 26,
    outChannels: 64,
    kernel: 3,
  },
]

/** Adadelta as PyTorch's examples/mnist (and `pnpm mnist --model cnn`) trains the CNN. */
export const ADADELTA = { lr: 1.0, rho: 0.9, eps: 1e-6 } as const

/** MNIST's pixel mean and standard deviation: the CNN sees `(x - mean) / std`. */
export const MNIST_NORMALIZE = { mean: 0.1307, std: 0.3081 } as const

/** Multiply-adds ×2 of one conv forward; the backward's two gradients cost the same each. */
export function convFlops(w: ConvWorkload): number {
  const out = w.size - w.kernel + 1
  return 2 * w.batch * w.outChannels * w.inChannels * w.kernel * w.kernel * out * out
}

/** SGD as BENCHMARKS.md fixes it (PyTorch's rule: buf = m·buf + g; g' = g + m·buf; p -= lr·g'). */
export const SGD = { lr: 0.01, momentum: 0.9, nesterov: true } as const

/** Training steps run before the timed epoch. */
export const WARMUP_STEPS = 3

/** Seeds: weights (core's PyTorch-exact generator), the epoch's shuffle, the warm-up's shuffle. */
export const SEEDS = { init: 0, shuffle: 1, warmup: 2, data: 3 } as const

/** Looks a workload up by its exact name. */
export function findWorkload(name: string): Workload | undefined {
  return WORKLOADS.find((w) => w.name === name)
}

/**
 * Float operations of one MLP training sample in its matmuls: the forward product and the weight
 * gradient of every layer, and the input gradient of every layer but the first (the images need
 * none); two operations per multiply-add.
 */
export function mlpFlopsPerSample(sizes: readonly number[]): number {
  let macs = 0
  for (let i = 0; i + 1 < sizes.length; i++) macs += sizes[i] * sizes[i + 1] * (i === 0 ? 2 : 3)
  return 2 * macs
}
