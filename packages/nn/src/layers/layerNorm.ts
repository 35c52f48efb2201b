import { checkNumberOption, ones, type Tensor, zeros } from '@othergrad/core'
import { layerNorm } from '../functional/normalization'
import { Module } from '../module'
import { Parameter } from '../parameter'
import { checkLayerOptions, creation, type FactoryOptions } from './options'

export interface LayerNormOptions extends FactoryOptions {
  /** Added to the variance for stability (default 1e-5). */
  eps?: number
  /** Learn a per-element scale and shift (default true). */
  elementwiseAffine?: boolean
  /** With `elementwiseAffine`, learn the shift too (default true). */
  bias?: boolean
}

/**
 * Normalises over the trailing `normalizedShape` dims, like `torch.nn.LayerNorm`; `weight`
 * starts at ones and `bias` at zeros.
 *
 * @example
 * new LayerNorm(512).forward(x) // x: [batch, seq, 512]
 */
export class LayerNorm extends Module {
  readonly normalizedShape: number[]
  readonly eps: number
  readonly elementwiseAffine: boolean
  declare weight: Parameter | null
  declare bias: Parameter | null

  constructor(normalizedShape: number | readonly number[], options: LayerNormOptions = {}) {
    super()
    checkLayerOptions('LayerNorm', options, ['eps', 'elementwiseAffine', 'bias'])
    this.normalizedShape =
      typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape]
    for (const d of this.normalizedShape)
      checkNumberOption('LayerNorm', 'normalized_shape', d, { min: 0, integer: true })
    this.eps = checkNumberOption('LayerNorm', 'eps', options.eps ?? 1e-5, { min: 0 })
    this.elementwiseAffine = options.elementwiseAffine ?? true
    if (this.elementwiseAffine) {
      this.weight = new Parameter(ones(this.normalizedShape, creation(options)))
      if (options.bias ?? true)
        this.bias = new Parameter(zeros(this.normalizedShape, creation(options)))
      else this.registerParameter('bias', null)
    } else {
      this.registerParameter('weight', null)
      this.registerParameter('bias', null)
    }
  }

  forward(x: Tensor): Tensor {
    return layerNorm(x, this.normalizedShape, this.weight, this.bias, this.eps)
  }

  override extraRepr(): string {
    return `[${this.normalizedShape.join(', ')}], eps=${this.eps}, elementwise_affine=${py(this.elementwiseAffine)}`
  }
}

function py(flag: boolean): string {
  return flag ? 'True' : 'False'
}
