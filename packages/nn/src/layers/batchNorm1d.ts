import { checkNumberOption, noGrad, ones, type Tensor, zeros } from '@othergrad/core'
import { batchNorm } from '../functional/normalization'
import { Module } from '../module'
import { Parameter } from '../parameter'
import { checkLayerOptions, creation, type FactoryOptions } from './options'

export interface BatchNormOptions extends FactoryOptions {
  /** Added to the variance for stability (default 1e-5). */
  eps?: number
  /** Weight of the newest batch in the running statistics (default 0.1); null for a cumulative average. */
  momentum?: number | null
  /** Learn a per-channel scale and shift (default true). */
  affine?: boolean
  /** Keep running statistics for eval mode (default true). */
  trackRunningStats?: boolean
}

/**
 * Batch normalisation over the channel dim of `[N, C]` or `[N, C, L]` input, like
 * `torch.nn.BatchNorm1d`. The running statistics are buffers under PyTorch's names
 * (`running_mean`, `running_var`, `num_batches_tracked`), so state dicts move between the two;
 * read them as `runningMean`, `runningVar` and `numBatchesTracked`. Eval mode normalises with them.
 *
 * @example
 * const bn = new BatchNorm1d(64)
 * bn.forward(x) // training: batch statistics, running statistics updated
 */
export class BatchNorm1d extends Module {
  readonly numFeatures: number
  readonly eps: number
  readonly momentum: number | null
  readonly affine: boolean
  readonly trackRunningStats: boolean
  declare weight: Parameter | null
  declare bias: Parameter | null

  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super()
    if (!Number.isInteger(numFeatures) || numFeatures <= 0) {
      throw new Error(`BatchNorm1d: num_features must be a positive integer, got ${numFeatures}`)
    }
    checkLayerOptions('BatchNorm1d', options, ['eps', 'momentum', 'affine', 'trackRunningStats'])
    this.numFeatures = numFeatures
    this.eps = checkNumberOption('BatchNorm1d', 'eps', options.eps ?? 1e-5, { min: 0 })
    const momentum = options.momentum === undefined ? 0.1 : options.momentum
    if (momentum !== null)
      checkNumberOption('BatchNorm1d', 'momentum', momentum, { min: 0, max: 1 })
    this.momentum = momentum
    this.affine = options.affine ?? true
    this.trackRunningStats = options.trackRunningStats ?? true
    if (this.affine) {
      this.weight = new Parameter(ones([numFeatures], creation(options)))
      this.bias = new Parameter(zeros([numFeatures], creation(options)))
    } else {
      this.registerParameter('weight', null)
      this.registerParameter('bias', null)
    }
    if (this.trackRunningStats) {
      this.registerBuffer('running_mean', zeros([numFeatures], creation(options)))
      this.registerBuffer('running_var', ones([numFeatures], creation(options)))
      const backend = options.backend === undefined ? {} : { backend: options.backend }
      this.registerBuffer('num_batches_tracked', zeros([], { dtype: 'int32', ...backend }))
    } else {
      this.registerBuffer('running_mean', null)
      this.registerBuffer('running_var', null)
      this.registerBuffer('num_batches_tracked', null)
    }
  }

  /** Running mean per channel (the `running_mean` buffer). */
  get runningMean(): Tensor | null {
    return this._buffers.get('running_mean') ?? null
  }

  set runningMean(value: Tensor | null) {
    this.registerBuffer('running_mean', value)
  }

  /** Running unbiased variance per channel (the `running_var` buffer). */
  get runningVar(): Tensor | null {
    return this._buffers.get('running_var') ?? null
  }

  set runningVar(value: Tensor | null) {
    this.registerBuffer('running_var', value)
  }

  /** Training batches seen (the int32 `num_batches_tracked` buffer). */
  get numBatchesTracked(): Tensor | null {
    return this._buffers.get('num_batches_tracked') ?? null
  }

  set numBatchesTracked(value: Tensor | null) {
    this.registerBuffer('num_batches_tracked', value)
  }

  /** Running statistics back to mean 0, variance 1, no batches seen. */
  resetRunningStats(): void {
    noGrad(() => {
      this.runningMean?.zero_()
      this.runningVar?.fill_(1)
      this.numBatchesTracked?.zero_()
    })
  }

  forward(x: Tensor): Tensor {
    if (x.ndim !== 2 && x.ndim !== 3) {
      throw new Error(
        `BatchNorm1d: expected 2D or 3D input (got ${x.ndim}D input of shape [${x.shape.join(', ')}])`,
      )
    }
    if (x.shape[1] !== this.numFeatures) {
      throw new Error(
        `BatchNorm1d: running_mean should contain ${x.shape[1]} elements not ${this.numFeatures}`,
      )
    }
    let factor = this.momentum ?? 0
    if (this.training && this.trackRunningStats && this.numBatchesTracked) {
      const tracked = this.numBatchesTracked
      noGrad(() => tracked.add_(1))
      // A null momentum gives the cumulative average: the n-th batch weighs 1/n.
      if (this.momentum === null) factor = 1 / tracked.itemSync()
    }
    const useBatchStats = this.training || (this.runningMean === null && this.runningVar === null)
    // Buffers that are not tracked must not be updated.
    const passRunning = !this.training || this.trackRunningStats
    return batchNorm(
      x,
      passRunning ? this.runningMean : null,
      passRunning ? this.runningVar : null,
      this.weight,
      this.bias,
      useBatchStats,
      factor,
      this.eps,
    )
  }

  override extraRepr(): string {
    return `${this.numFeatures}, eps=${this.eps}, momentum=${this.momentum ?? 'None'}, affine=${py(this.affine)}, track_running_stats=${py(this.trackRunningStats)}`
  }
}

function py(flag: boolean): string {
  return flag ? 'True' : 'False'
}
