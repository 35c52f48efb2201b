/**
 * The standard workloads of BENCHMARKS.md, as data: every implementation reads the same table,
 * so a name means one thing everywhere.
 */

export type WorkloadKind = 'mlp' | 'matmul' | 'overhead'

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

export type Workload = MlpWorkload | MatmulWorkload | OverheadWorkload

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
]

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
