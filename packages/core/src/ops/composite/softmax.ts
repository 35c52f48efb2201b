import { checkFloating, normalizeDim } from '../../check'
import { defineOp } from '../../op'
import type { Tensor } from '../../tensor'
import { checkTensor, info, wrap } from '../util'

const logSoftmaxOp = defineOp<{ axis: number }>({
  name: 'logSoftmax',
  // A fused kernel along the last dim when the backend has one; otherwise the composite.
  kernel: ([x], { axis }, b) =>
    b.fused?.logSoftmax && axis === x.ndim - 1 && x.ndim > 0
      ? wrap(b, b.fused.logSoftmax(info(x)), x.shape, x.dtype)
      : undefined,
  // log softmax(x) = (x - m) - log Σ exp(x - m), with m = max(x) so no exp overflows.
  composite: ([x], { axis }) => {
    const shifted = x.sub(x.amax(axis, true).detach())
    return shifted.sub(shifted.exp().sum(axis, true).log())
  },
  save: (_, [y]) => [y],
  // d/dx: dy - softmax(x) * Σ dy
  backward: ({ saved: [y], attrs: { axis } }, dy) => [dy!.sub(y.exp().mul(dy!.sum(axis, true)))],
})

/**
 * `log(softmax(x))` along `dim`, computed stably, like `torch.log_softmax`.
 *
 * @example
 * logits.logSoftmax(1)
 */
export function logSoftmax(x: Tensor, dim: number): Tensor {
  checkTensor('logSoftmax', 'input', x)
  checkFloating('logSoftmax', x.dtype)
  const axis = normalizeDim('logSoftmax', dim, x.ndim, x.shape)
  if (x.ndim === 0) return x.sub(x)
  return logSoftmaxOp([x], { axis })
}

/** `exp(x) / Σ exp(x)` along `dim`, computed stably, like `torch.softmax`. */
export function softmax(x: Tensor, dim: number): Tensor {
  checkTensor('softmax', 'input', x)
  checkFloating('softmax', x.dtype)
  const axis = normalizeDim('softmax', dim, x.ndim, x.shape)
  if (x.ndim === 0) return x.sub(x).add(1)
  const e = x.sub(x.amax(axis, true).detach()).exp()
  return e.div(e.sum(axis, true))
}
