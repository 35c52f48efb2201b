import { tensor, uniformValues, type Tensor } from '@othergrad/core'

/**
 * Zeroes each element with probability `p` and scales the rest by `1 / (1 - p)` while
 * `training`, like `F.dropout`. The mask comes from core's seeded generator, drawn as PyTorch's
 * `bernoulli_` draws it, so after the same `manualSeed` the same elements are dropped.
 *
 * @example
 * dropout(x, 0.5, model.training)
 */
export function dropout(x: Tensor, p = 0.5, training = true): Tensor {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
    throw new Error(`dropout: dropout probability has to be between 0 and 1, but got ${p}`)
  }
  if (!training || p === 0 || x.size === 0) return x
  if (p === 1) return x.mul(0)
  // bernoulli_(1 - p): one double uniform per element, kept when below 1 - p.
  const keepProb = 1 - p
  const u = uniformValues(x.size, 0, 1, 'float64')
  const mask = new Float64Array(x.size)
  for (let i = 0; i < u.length; i++) mask[i] = u[i] < keepProb ? 1 : 0
  const dtype = x.dtype === 'float64' ? 'float64' : 'float32'
  const noise = tensor(mask, { shape: x.shape, dtype, backend: x.backend.name }).div(keepProb)
  return x.mul(noise)
}
