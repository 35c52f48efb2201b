import type { Tensor } from '@othergrad/core'
import { decode, fixture, type Encoded } from './helpers'

export interface OptimizerCase {
  name: string
  optimizer: 'SGD' | 'Adam' | 'AdamW' | 'Adagrad' | 'RMSprop' | 'Adadelta'
  options: Record<string, unknown>
  groups?: Record<string, unknown>[]
  losses: number[]
  trajectory: [Encoded, Encoded][]
}

export interface OptimizerFixture {
  initial: [Encoded, Encoded]
  objective: { c1: Encoded; d1: Encoded; c2: Encoded }
  cases: OptimizerCase[]
}

/** The optimizer trajectories from PyTorch (tooling/fixtures/nn/generate.py). */
export const optimizerFixture = fixture<OptimizerFixture>('optimizers.json')

/**
 * The generator's objective: smooth and coupled, so each gradient depends on the trajectory.
 * Call after a backend is set (the constants become tensors on first use).
 */
export function objective(p1: Tensor, p2: Tensor): Tensor {
  const { c1, d1, c2 } = constants()
  return c1
    .mul(p1)
    .sum()
    .add(d1.mul(p1).mul(p1).sum().mul(0.5))
    .add(p1.mul(p1).mul(p1).mul(p1).sum().mul(0.1))
    .add(c2.mul(p2).sum())
    .add(p1.matmul(p2).sum().mul(0.3))
}

let cached: { c1: Tensor; d1: Tensor; c2: Tensor } | undefined

function constants(): { c1: Tensor; d1: Tensor; c2: Tensor } {
  const o = optimizerFixture.objective
  cached ??= { c1: decode(o.c1), d1: decode(o.d1), c2: decode(o.c2) }
  return cached
}
