import { crossEntropy, linear, type Tensor } from '@othergrad/core'
import { op, type ConformanceCase } from '../case'

// Whole small programs, written exactly as in tooling/fixtures/generate.py.

/** x feeds two branches that rejoin: its gradient sums both paths. */
const diamond = (x: Tensor) => {
  const a = x.exp()
  const b = x.sin()
  return a.mul(b).add(a.sqrt()).sub(b.mul(2)).sum(1)
}

/** One parameter used by two layers. */
const sharedWeight = (x: Tensor, w: Tensor) => x.matmul(w).tanh().matmul(w)

const mlp = (x: Tensor, w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor, y: Tensor) =>
  crossEntropy(linear(linear(x, w1, b1).relu(), w2, b2), y)

function deepChain(x: Tensor): Tensor {
  for (let i = 0; i < 40; i++) x = x.mul(0.9).add(0.1).tanh().add(x.mul(0.05))
  return x
}

const attention = (q: Tensor, k: Tensor, v: Tensor) => q.matmul(k.mT).div(2).softmax(-1).matmul(v)

function layerNorm(x: Tensor): Tensor {
  const centered = x.sub(x.mean(-1, true))
  return centered.div(centered.pow(2).mean(-1, true).add(1e-5).sqrt())
}

export const programsCases: ConformanceCase[] = [
  op('programs', 'diamond', diamond),
  op('programs', 'parameter used twice', sharedWeight),
  op('programs', 'mlp', mlp),
  op('programs', 'deep chain', deepChain),
  op('programs', 'softmax attention', attention),
  op('programs', 'layer norm', layerNorm),
]
