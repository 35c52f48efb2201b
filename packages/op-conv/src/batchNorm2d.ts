import type { Tensor } from '@othergrad/core'
import { functional } from '@othergrad/nn'
import { checkFloat } from './checks'
import { formatSize } from './geometry'

/** `batchNorm2d`'s optional arguments, `torch.nn.functional.batch_norm`'s in camelCase. */
export interface BatchNorm2dOptions {
  /** Per-channel scale (default none). */
  weight?: Tensor | null
  /** Per-channel shift (default none). */
  bias?: Tensor | null
  /** Normalise with the batch's statistics and update the running ones (default false). */
  training?: boolean
  /** Weight of this batch in the running statistics (default 0.1). */
  momentum?: number
  /** Added to the variance (default 1e-5). */
  eps?: number
}

/**
 * Batch normalisation of `[N, C, H, W]` input over `N`, `H` and `W` per channel, like
 * `F.batch_norm` on 4-D input. Training normalises with the batch's biased variance and moves
 * `runningMean` / `runningVar` (unbiased) by `momentum`, in place; eval uses them. Written with
 * ops, so gradients of every order come from its parts.
 *
 * @example
 * batchNorm2d(x, runningMean, runningVar, { weight, bias, training: true })
 */
export function batchNorm2d(
  input: Tensor,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  options: BatchNorm2dOptions = {},
): Tensor {
  const op = 'batchNorm2d'
  checkFloat(op, 'input', input)
  if (input.ndim !== 4) {
    throw new Error(
      `${op}: expected 4D input (got ${input.ndim}D input of size ${formatSize(input.shape)})`,
    )
  }
  const known = new Set(['weight', 'bias', 'training', 'momentum', 'eps'])
  for (const key of Object.keys(options)) {
    if (!known.has(key))
      throw new Error(
        `${op}: unknown option '${key}'; expected weight, bias, training, momentum or eps`,
      )
  }
  return functional.batchNorm(
    input,
    runningMean,
    runningVar,
    options.weight ?? null,
    options.bias ?? null,
    options.training ?? false,
    options.momentum ?? 0.1,
    options.eps ?? 1e-5,
  )
}
