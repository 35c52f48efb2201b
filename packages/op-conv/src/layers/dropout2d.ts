import { ones, type Tensor } from '@othergrad/core'
import { functional, Module } from '@othergrad/nn'

/**
 * Zeroes whole channels with probability `p` while training, scaling the rest by `1 / (1 - p)`,
 * like `F.dropout2d`: one draw per `[N, C]` plane, as PyTorch's `bernoulli_` draws them.
 *
 * @example
 * dropout2d(x, 0.25, model.training)
 */
export function dropout2d(x: Tensor, p = 0.5, training = true): Tensor {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
    throw new Error(`dropout2d: dropout probability has to be between 0 and 1, but got ${p}`)
  }
  if (x.ndim !== 3 && x.ndim !== 4) {
    throw new Error(`dropout2d: expected 3D (unbatched) or 4D (batched) input, got ${x.ndim}D`)
  }
  if (!training || p === 0 || x.size === 0) return x
  const planes = ones([...x.shape.slice(0, -2), 1, 1], { dtype: x.dtype, backend: x.backend.name })
  return x.mul(functional.dropout(planes, p, true))
}

/**
 * Channel-wise dropout for `[N, C, H, W]` input, like `torch.nn.Dropout2d`; the identity in eval
 * mode.
 *
 * @example
 * const drop = new Dropout2d(0.25)
 */
export class Dropout2d extends Module {
  readonly p: number

  constructor(p = 0.5) {
    super()
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
      throw new Error(`Dropout2d: dropout probability has to be between 0 and 1, but got ${p}`)
    }
    this.p = p
  }

  forward(x: Tensor): Tensor {
    return dropout2d(x, this.p, this.training)
  }

  override extraRepr(): string {
    return `p=${this.p}`
  }
}
