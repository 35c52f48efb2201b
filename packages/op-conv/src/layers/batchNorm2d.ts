import type { Tensor } from '@othergrad/core'
import { BatchNorm1d, type BatchNormOptions } from '@othergrad/nn'
import { formatSize } from '../geometry'

/**
 * Batch normalisation over the channels of `[N, C, H, W]` input, like `torch.nn.BatchNorm2d`,
 * with the same parameters and buffers under PyTorch's names (`weight`, `bias`, `running_mean`,
 * `running_var`, `num_batches_tracked`), so PyTorch state dicts load. Statistics over `N`, `H`
 * and `W` are those of BatchNorm1d over `[N, C, H·W]`, which it reuses.
 *
 * @example
 * const bn = new BatchNorm2d(32)
 */
export class BatchNorm2d extends BatchNorm1d {
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    if (!Number.isInteger(numFeatures) || numFeatures <= 0) {
      throw new Error(`BatchNorm2d: num_features must be a positive integer, got ${numFeatures}`)
    }
    super(numFeatures, options)
  }

  /** Normalises `[N, C, H, W]` input per channel (batch statistics in training, running ones in eval). */
  override forward(x: Tensor): Tensor {
    if (x.ndim !== 4) {
      throw new Error(
        `BatchNorm2d: expected 4D input (got ${x.ndim}D input of size ${formatSize(x.shape)})`,
      )
    }
    const [n, c, h, w] = x.shape
    if (c !== this.numFeatures) {
      throw new Error(
        `BatchNorm2d: running_mean should contain ${c} elements not ${this.numFeatures}`,
      )
    }
    return super.forward(x.reshape([n, c, h * w])).reshape([n, c, h, w])
  }
}
