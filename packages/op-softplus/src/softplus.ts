import { defineOp, Tensor, where } from '@othergrad/core'

/** `softplus`'s attributes: `beta` and `threshold`, as in `F.softplus`. */
export interface SoftplusAttrs {
  beta: number
  threshold: number
}

const softplusOp = defineOp<SoftplusAttrs>({
  name: 'softplus',
  package: '@othergrad/op-softplus',
  // log(1 + e^(βx)) / β written as relu(βx) + log1p(e^(-|βx|)), so nothing overflows; past the
  // threshold PyTorch returns x itself.
  composite: ([x], { beta, threshold }) => {
    const bx = x.mul(beta)
    const smooth = bx.relu().add(bx.abs().neg().exp().log1p()).div(beta)
    return where(bx.gt(threshold), x, smooth)
  },
  save: ([x]) => [x],
  // d softplus / dx = sigmoid(βx), and 1 past the threshold.
  backward: ({ saved: [x], attrs: { beta, threshold } }, dy) => {
    const bx = x.mul(beta)
    return [dy!.mul(where(bx.gt(threshold), 1, bx.sigmoid()))]
  },
})

/**
 * `log(1 + exp(beta * x)) / beta`, linear above `threshold`, like `F.softplus`.
 *
 * @example
 * softplus(x) // or x.softplus() after use(softplusOps())
 */
export function softplus(x: Tensor, beta = 1, threshold = 20): Tensor {
  if (!(x instanceof Tensor))
    throw new Error(`softplus: argument 'input' must be a Tensor, got ${typeof x}`)
  if (x.dtype !== 'float32' && x.dtype !== 'float64') {
    throw new Error(`softplus: expected a floating point input, got ${x.dtype}`)
  }
  return softplusOp([x], { beta, threshold })
}
