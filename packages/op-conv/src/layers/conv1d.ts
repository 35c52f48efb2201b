import type { Tensor } from '@othergrad/core'
import type { FactoryOptions } from '@othergrad/nn'
import { conv1d } from '../conv1d'
import { pair } from '../geometry'
import { ConvNd } from './convNd'

/** `Conv1d`'s optional constructor arguments, `torch.nn.Conv1d`'s in camelCase. */
export interface Conv1dLayerOptions extends FactoryOptions {
  stride?: number
  padding?: number | 'same' | 'valid'
  dilation?: number
  groups?: number
  /** Learn an additive bias (default true). */
  bias?: boolean
  /** Only `'zeros'` (the default). */
  paddingMode?: 'zeros'
}

/**
 * A 1-D convolution layer, like `torch.nn.Conv1d`: `weight` is `[out, in / groups, k]`,
 * initialised as PyTorch does.
 *
 * @example
 * const conv = new Conv1d(16, 33, 3, { stride: 2 })
 */
export class Conv1d extends ConvNd {
  readonly kernelSize: number
  readonly stride: number
  readonly padding: number | 'same' | 'valid'
  readonly dilation: number

  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: number,
    options: Conv1dLayerOptions = {},
  ) {
    const [k] = pair('Conv1d', 'kernel_size', kernelSize, 1)
    super(
      'Conv1d',
      inChannels,
      outChannels,
      [k],
      options.groups ?? 1,
      options.bias ?? true,
      options,
    )
    this.kernelSize = k
    this.stride = pair('Conv1d', 'stride', options.stride ?? 1, 1)[0]
    const padding = options.padding ?? 0
    this.padding = typeof padding === 'string' ? padding : pair('Conv1d', 'padding', padding, 0)[0]
    this.dilation = pair('Conv1d', 'dilation', options.dilation ?? 1, 1)[0]
  }

  forward(x: Tensor): Tensor {
    const { stride, padding, dilation, groups } = this
    return conv1d(x, this.weight, this.bias, { stride, padding, dilation, groups })
  }

  override extraRepr(): string {
    let s = `${this.inChannels}, ${this.outChannels}, kernel_size=(${this.kernelSize},), stride=(${this.stride},)`
    if (this.padding !== 0)
      s +=
        typeof this.padding === 'string'
          ? `, padding=${this.padding}`
          : `, padding=(${this.padding},)`
    if (this.dilation !== 1) s += `, dilation=(${this.dilation},)`
    if (this.groups !== 1) s += `, groups=${this.groups}`
    if (this.bias === null) s += ', bias=False'
    return s
  }
}
