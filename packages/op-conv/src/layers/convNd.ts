import { zeros } from '@othergrad/core'
import { init, Module, Parameter, type FactoryOptions } from '@othergrad/nn'
import { creation } from './options'

/** What Conv1d and Conv2d share: channel checks, parameters and PyTorch's initialisation. */
export abstract class ConvNd extends Module {
  readonly inChannels: number
  readonly outChannels: number
  readonly groups: number
  declare weight: Parameter
  declare bias: Parameter | null

  protected constructor(
    layer: string,
    inChannels: number,
    outChannels: number,
    kernel: readonly number[],
    groups: number,
    bias: boolean,
    options: FactoryOptions & { paddingMode?: string },
  ) {
    super()
    for (const [name, v] of [
      ['in_channels', inChannels],
      ['out_channels', outChannels],
      ['groups', groups],
    ] as const) {
      if (!Number.isInteger(v) || v <= 0)
        throw new Error(`${layer}: ${name} must be a positive integer, got ${v}`)
    }
    if (inChannels % groups !== 0)
      throw new Error(`${layer}: in_channels must be divisible by groups`)
    if (outChannels % groups !== 0)
      throw new Error(`${layer}: out_channels must be divisible by groups`)
    const mode = options.paddingMode ?? 'zeros'
    if (mode !== 'zeros') {
      throw new Error(`${layer}: padding_mode '${mode}' is not supported; only 'zeros' is`)
    }
    this.inChannels = inChannels
    this.outChannels = outChannels
    this.groups = groups
    const shape = [outChannels, inChannels / groups, ...kernel]
    this.weight = new Parameter(zeros(shape, creation(options)))
    if (bias) this.bias = new Parameter(zeros([outChannels], creation(options)))
    else this.registerParameter('bias', null)
    this.resetParameters()
  }

  /** PyTorch's `_ConvNd.reset_parameters`: Kaiming uniform (a = √5), bias from U(±1/√fanIn). */
  resetParameters(): void {
    init.kaimingUniform_(this.weight, { a: Math.sqrt(5) })
    if (this.bias) {
      const [fanIn] = init.calculateFanInAndFanOut(this.weight)
      if (fanIn !== 0) {
        const bound = 1 / Math.sqrt(fanIn)
        init.uniform_(this.bias, -bound, bound)
      }
    }
  }
}
