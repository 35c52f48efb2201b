import { noGrad, type Tensor } from '@othergrad/core'

/**
 * Normalises over the trailing `normalizedShape` dims, then scales and shifts, like
 * `F.layer_norm`: `(x - mean) / √(var + eps) · weight + bias` with the biased variance.
 */
export function layerNorm(
  x: Tensor,
  normalizedShape: readonly number[] | number,
  weight: Tensor | null = null,
  bias: Tensor | null = null,
  eps = 1e-5,
): Tensor {
  const shape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape]
  const k = shape.length
  const trailing = x.shape.slice(x.ndim - k)
  if (k === 0 || x.ndim < k || trailing.some((d, i) => d !== shape[i])) {
    throw new Error(
      `layerNorm: Given normalized_shape=[${shape.join(', ')}], expected input with shape [*, ${shape.join(', ')}], but got input of size [${x.shape.join(', ')}]`,
    )
  }
  for (const [name, t] of [
    ['weight', weight],
    ['bias', bias],
  ] as const) {
    if (t && (t.ndim !== k || t.shape.some((d, i) => d !== shape[i]))) {
      throw new Error(
        `layerNorm: expected ${name} of shape [${shape.join(', ')}], got [${t.shape.join(', ')}]`,
      )
    }
  }
  const dims = shape.map((_, i) => x.ndim - k + i)
  const centered = x.sub(x.mean(dims, true))
  const variance = centered.square().mean(dims, true)
  let y = centered.mul(variance.add(eps).rsqrt())
  if (weight) y = y.mul(weight)
  if (bias) y = y.add(bias)
  return y
}

/**
 * Batch normalisation over dim 1 of `[N, C]` or `[N, C, L]` input, like `F.batch_norm`. While
 * `training` it normalises with the batch statistics and updates `runningMean` / `runningVar`
 * in place (`runningVar` with the unbiased variance); otherwise it uses the running statistics.
 */
export function batchNorm(
  x: Tensor,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  weight: Tensor | null = null,
  bias: Tensor | null = null,
  training = false,
  momentum = 0.1,
  eps = 1e-5,
): Tensor {
  if (x.ndim < 2)
    throw new Error(
      `batchNorm: expected at least 2-D input [N, C, ...], got shape [${x.shape.join(', ')}]`,
    )
  const channels = x.shape[1]
  const dims = x.shape.map((_, i) => i).filter((i) => i !== 1)
  // Per-channel tensors broadcast against [N, C, L...] as [C, 1, ...].
  const view = (t: Tensor) => t.reshape([channels, ...x.shape.slice(2).map(() => 1)])
  for (const [name, t] of [
    ['running_mean', runningMean],
    ['running_var', runningVar],
    ['weight', weight],
    ['bias', bias],
  ] as const) {
    if (t && (t.ndim !== 1 || t.shape[0] !== channels)) {
      throw new Error(
        `batchNorm: expected ${name} of shape [${channels}], got [${t.shape.join(', ')}]`,
      )
    }
  }
  let mean: Tensor
  let variance: Tensor
  if (training) {
    const n = x.size / channels
    if (n <= 1) {
      throw new Error(
        `batchNorm: Expected more than 1 value per channel when training, got input size [${x.shape.join(', ')}]`,
      )
    }
    mean = x.mean(dims, true)
    const centered = x.sub(mean)
    const varSum = centered.square().sum(dims, true)
    variance = varSum.div(n)
    noGrad(() => {
      if (runningMean)
        runningMean.copy_(
          mean
            .reshape([channels])
            .mul(momentum)
            .add(runningMean.mul(1 - momentum)),
        )
      if (runningVar)
        runningVar.copy_(
          varSum
            .reshape([channels])
            .div(n - 1)
            .mul(momentum)
            .add(runningVar.mul(1 - momentum)),
        )
    })
  } else {
    if (!runningMean || !runningVar) {
      throw new Error('batchNorm: running_mean and running_var must be defined in evaluation mode')
    }
    mean = view(runningMean)
    variance = view(runningVar)
  }
  let y = x.sub(mean).mul(variance.add(eps).rsqrt())
  if (weight) y = y.mul(view(weight))
  if (bias) y = y.add(view(bias))
  return y
}
