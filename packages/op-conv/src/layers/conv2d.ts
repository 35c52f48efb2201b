import type { Tensor } from '@othergrad/core'
import type { FactoryOptions } from '@othergrad/nn'
import { conv2d } from '../conv2d'
import { pair, type Pair } from '../geometry'
import { ConvNd } from './convNd'
import { pyPair } from './options'

/** `Conv2d`'s optional constructor arguments, `torch.nn.Conv2d`'s in camelCase. */
export interface Conv2dLayerOptions extends FactoryOptions {
  stride?: Pair
  padding?: Pair | 'same' | 'valid'
  dilation?: Pair
  groups?: number
  /** Learn an additive bias (default true). */
  bias?: boolean
  /** Only `'zeros'` (the default). */
  paddingMode?: 'zeros'
}

/**
 * A 2-D convolution layer, like `torch.nn.Conv2d`: `weight` is `[out, in / groups, kH, kW]`,
 * initialised as PyTorch does, so after the same `manualSeed` the parameters are PyTorch's and
 * a PyTorch `state_dict` (`weight`, `bias`) loads as it is.
 *
 * @example
 * const conv = new Conv2d(1, 32, 3) // nn.Conv2d(1, 32, 3)
 * conv.forward(x) // [64, 1, 28, 28] → [64, 32, 26, 26]
 */
export class Conv2d extends ConvNd {
  readonly kernelSize: [number, number]
  readonly stride: [number, number]
  readonly padding: [number, number] | 'same' | 'valid'
  readonly dilation: [number, number]

  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: Pair,
    options: Conv2dLayerOptions = {},
  ) {
    const kernel = pair('Conv2d', 'kernel_size', kernelSize, 1)
    super(
      'Conv2d',
      inChannels,
      outChannels,
      kernel,
      options.groups ?? 1,
      options.bias ?? true,
      options,
    )
    this.kernelSize = kernel
    this.stride = pair('Conv2d', 'stride', options.stride ?? 1, 1)
    const padding = options.padding ?? 0
    this.padding = typeof padding === 'string' ? padding : pair('Conv2d', 'padding', padding, 0)
    this.dilation = pair('Conv2d', 'dilation', options.dilation ?? 1, 1)
  }

  forward(x: Tensor): Tensor {
    const { stride, padding, dilation, groups } = this
    return conv2d(x, this.weight, this.bias, { stride, padding, dilation, groups })
  }

  override extraRepr(): string {
    let s = `${this.inChannels}, ${this.outChannels}, kernel_size=${pyPair(this.kernelSize)}, stride=${pyPair(this.stride)}`
    const p = this.padding
    if (typeof p === 'string') s += `, padding=${p}`
    else if (p[0] !== 0 || p[1] !== 0) s += `, padding=${pyPair(p)}`
    if (this.dilation[0] !== 1 || this.dilation[1] !== 1) s += `, dilation=${pyPair(this.dilation)}`
    if (this.groups !== 1) s += `, groups=${this.groups}`
    if (this.bias === null) s += ', bias=False'
    return s
  }
}
