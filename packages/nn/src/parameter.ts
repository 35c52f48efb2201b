import { keep, Tensor } from '@othergrad/core'

/**
 * A tensor that a `Module` registers as a learnable parameter when it is assigned to one of the
 * module's fields, like `torch.nn.Parameter`. It shares `data`'s storage, is a leaf, requires a
 * gradient by default, and outlives any `tidy` scope it is created in.
 *
 * @example
 * this.scale = new Parameter(ones([4]))
 */
export class Parameter extends Tensor {
  constructor(data: Tensor, requiresGrad = true) {
    if (!(data instanceof Tensor)) {
      throw new Error(
        `Parameter: argument 'data' must be a Tensor, got ${data === null ? 'null' : typeof data}`,
      )
    }
    if (data.isDisposed) throw new Error('Parameter: the data tensor was disposed')
    // A new leaf over the same storage: the parameter and `data` see each other's in-place writes.
    data.storageRef.retain()
    super(data.storageRef, data.shape, data.dtype)
    if (requiresGrad) this.requiresGrad = true
    keep(this)
  }
}
