import { Tensor } from '@othergrad/core'

/** A map-style dataset, like `torch.utils.data.Dataset`. */
export interface Dataset<T> {
  readonly length: number
  /** Sample `index`. */
  get(index: number): T
}

/**
 * Wraps tensors that share their first dim; sample `i` is row `i` of each, like
 * `torch.utils.data.TensorDataset`.
 *
 * @example
 * const ds = new TensorDataset(images, labels)
 */
export class TensorDataset implements Dataset<Tensor[]> {
  readonly tensors: readonly Tensor[]

  constructor(...tensors: Tensor[]) {
    if (tensors.length === 0) throw new Error('TensorDataset: expected at least one tensor')
    tensors.forEach((t, i) => {
      if (!(t instanceof Tensor))
        throw new Error(`TensorDataset: argument ${i} must be a Tensor, got ${typeof t}`)
      if (t.ndim === 0)
        throw new Error(
          `TensorDataset: tensor ${i} is 0-d; every tensor needs a first (sample) dim`,
        )
    })
    const n = tensors[0].shape[0]
    const bad = tensors.findIndex((t) => t.shape[0] !== n)
    if (bad !== -1) {
      throw new Error(
        `TensorDataset: size mismatch between tensors: tensor 0 has ${n} samples, tensor ${bad} has ${tensors[bad].shape[0]} (shape ${tensors[bad].shape.join('x')})`,
      )
    }
    this.tensors = tensors
  }

  get length(): number {
    return this.tensors[0].shape[0]
  }

  /** Sample `index`: row `index` of each tensor (negative counts from the end). */
  get(index: number): Tensor[] {
    if (!Number.isInteger(index) || index < -this.length || index >= this.length) {
      throw new Error(`TensorDataset: index ${index} is out of range for ${this.length} samples`)
    }
    return this.tensors.map((t) => t.select(0, index))
  }
}
