import { arange, checkNumberOption, noGrad, type Tensor, where, zeros } from '@othergrad/core'
import { embedding } from '../functional/embedding'
import { normal_ } from '../init'
import { Module } from '../module'
import { Parameter } from '../parameter'
import { checkLayerOptions, creation, type FactoryOptions } from './options'

export interface EmbeddingOptions extends FactoryOptions {
  /** Index whose row starts at zero and gets no gradient (negative counts from the end). */
  paddingIdx?: number | null
}

/**
 * A lookup table of `numEmbeddings` vectors of size `embeddingDim`, like `torch.nn.Embedding`;
 * `weight` starts from N(0, 1) drawn as PyTorch draws it.
 *
 * @example
 * const emb = new Embedding(1000, 64)
 * emb.forward(tokenIds) // int32 [batch, seq] → [batch, seq, 64]
 */
export class Embedding extends Module {
  readonly numEmbeddings: number
  readonly embeddingDim: number
  readonly paddingIdx: number | null
  declare weight: Parameter

  constructor(numEmbeddings: number, embeddingDim: number, options: EmbeddingOptions = {}) {
    super()
    checkLayerOptions('Embedding', options, ['paddingIdx'])
    checkNumberOption('Embedding', 'num_embeddings', numEmbeddings, { min: 0, integer: true })
    checkNumberOption('Embedding', 'embedding_dim', embeddingDim, { min: 0, integer: true })
    this.numEmbeddings = numEmbeddings
    this.embeddingDim = embeddingDim
    let pad = options.paddingIdx ?? null
    if (pad !== null) {
      if (!Number.isInteger(pad) || pad >= numEmbeddings || pad < -numEmbeddings) {
        throw new Error(
          `Embedding: padding_idx must be within num_embeddings (got ${pad} for ${numEmbeddings})`,
        )
      }
      if (pad < 0) pad += numEmbeddings
    }
    this.paddingIdx = pad
    this.weight = new Parameter(zeros([numEmbeddings, embeddingDim], creation(options)))
    this.resetParameters()
  }

  /** Redraws the weight from N(0, 1) and zeroes the padding row. */
  resetParameters(): void {
    normal_(this.weight)
    const pad = this.paddingIdx
    if (pad === null) return
    const w = this.weight
    noGrad(() =>
      w.copy_(
        where(
          arange(this.numEmbeddings, undefined, 1, { backend: w.backend.name })
            .eq(pad)
            .unsqueeze(1),
          0,
          w,
        ),
      ),
    )
  }

  forward(input: Tensor): Tensor {
    return embedding(input, this.weight, this.paddingIdx)
  }

  override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}${this.paddingIdx === null ? '' : `, padding_idx=${this.paddingIdx}`}`
  }
}
