import { linear, zeros, type Tensor } from '@othergrad/core'
import { calculateFanInAndFanOut, kaimingUniform_, uniform_ } from '../init'
import { Module } from '../module'
import { Parameter } from '../parameter'
import { checkLayerOptions, creation, type FactoryOptions } from './options'

export interface LinearOptions extends FactoryOptions {
  /** Learn an additive bias (default true). */
  bias?: boolean
}

/**
 * `y = x @ weight.T + bias`, like `torch.nn.Linear`; `weight` is `[outFeatures, inFeatures]`.
 * Initialised as PyTorch does (Kaiming uniform with a = √5, then the bias from
 * U(-1/√inFeatures, 1/√inFeatures)), so after the same `manualSeed` the weights are PyTorch's.
 *
 * @example
 * const fc = new Linear(784, 10)
 * fc.forward(x) // [64, 784] → [64, 10]
 */
export class Linear extends Module {
  readonly inFeatures: number
  readonly outFeatures: number
  declare weight: Parameter
  declare bias: Parameter | null

  constructor(inFeatures: number, outFeatures: number, options: LinearOptions = {}) {
    super()
    checkLayerOptions('Linear', options, ['bias'])
    checkFeatures('Linear', inFeatures, outFeatures)
    this.inFeatures = inFeatures
    this.outFeatures = outFeatures
    this.weight = new Parameter(zeros([outFeatures, inFeatures], creation(options)))
    if (options.bias ?? true) this.bias = new Parameter(zeros([outFeatures], creation(options)))
    else this.registerParameter('bias', null)
    this.resetParameters()
  }

  /** Draws fresh initial values, in PyTorch's order. */
  resetParameters(): void {
    kaimingUniform_(this.weight, { a: Math.sqrt(5) })
    if (this.bias) {
      const [fanIn] = calculateFanInAndFanOut(this.weight)
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0
      uniform_(this.bias, -bound, bound)
    }
  }

  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias)
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${this.bias !== null ? 'True' : 'False'}`
  }
}

function checkFeatures(op: string, ...sizes: number[]): void {
  for (const n of sizes) {
    if (!Number.isInteger(n) || n < 0)
      throw new Error(`${op}: feature sizes must be non-negative integers, got ${n}`)
  }
}
