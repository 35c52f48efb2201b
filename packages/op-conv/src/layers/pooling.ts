import type { Tensor } from '@othergrad/core'
import { Module } from '@othergrad/nn'
import { adaptiveAvgPool2d, type AdaptiveSize } from '../adaptiveAvgPool2d'
import { avgPool2d, type AvgPool2dOptions } from '../avgPool2d'
import type { Pair } from '../geometry'
import { maxPool2d, type MaxPool2dOptions } from '../maxPool2d'

const show = (p: Pair | null | undefined): string =>
  typeof p === 'number' ? `${p}` : p ? `(${p.join(', ')})` : 'None'
const py = (flag: boolean): string => (flag ? 'True' : 'False')

/**
 * 2-D max pooling, like `torch.nn.MaxPool2d` (the module returns the values; use `maxPool2d`
 * with `returnIndices` for the indices).
 *
 * @example
 * const pool = new MaxPool2d(2) // nn.MaxPool2d(2)
 */
export class MaxPool2d extends Module {
  constructor(
    readonly kernelSize: Pair,
    readonly options: Omit<MaxPool2dOptions, 'returnIndices'> = {},
  ) {
    super()
  }

  forward(x: Tensor): Tensor {
    return maxPool2d(x, this.kernelSize, { ...this.options, returnIndices: false })
  }

  override extraRepr(): string {
    const o = this.options
    return `kernel_size=${show(this.kernelSize)}, stride=${show(o.stride ?? this.kernelSize)}, padding=${show(o.padding ?? 0)}, dilation=${show(o.dilation ?? 1)}, ceil_mode=${py(o.ceilMode ?? false)}`
  }
}

/**
 * 2-D average pooling, like `torch.nn.AvgPool2d`.
 *
 * @example
 * const pool = new AvgPool2d(3, { stride: 2, padding: 1 })
 */
export class AvgPool2d extends Module {
  constructor(
    readonly kernelSize: Pair,
    readonly options: AvgPool2dOptions = {},
  ) {
    super()
  }

  forward(x: Tensor): Tensor {
    return avgPool2d(x, this.kernelSize, this.options)
  }

  override extraRepr(): string {
    const o = this.options
    return `kernel_size=${show(this.kernelSize)}, stride=${show(o.stride ?? this.kernelSize)}, padding=${show(o.padding ?? 0)}`
  }
}

/**
 * Average pooling to a fixed output size, like `torch.nn.AdaptiveAvgPool2d`.
 *
 * @example
 * const gap = new AdaptiveAvgPool2d(1) // global average pooling
 */
export class AdaptiveAvgPool2d extends Module {
  constructor(readonly outputSize: AdaptiveSize) {
    super()
  }

  forward(x: Tensor): Tensor {
    return adaptiveAvgPool2d(x, this.outputSize)
  }

  override extraRepr(): string {
    const s = this.outputSize
    return `output_size=${typeof s === 'number' ? s : `(${s.map((v) => v ?? 'None').join(', ')})`}`
  }
}
