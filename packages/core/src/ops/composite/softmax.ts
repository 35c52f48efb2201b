import { checkFloating, normalizeDim } from '../../check'
import { defineOp, type OpFn } from '../../op'
import type { Tensor } from '../../tensor'
import { checkTensor } from '../util'

const logSoftmaxBackwardOp: OpFn<{ axis: number }> = defineOp<{ axis: number }>({
  name: 'logSoftmaxBackward',
  // dx = dy - softmax(x) Σ dy, with softmax(x) = exp(y)
  composite: ([dy, y], { axis }) => dy.sub(y.exp().mul(dy.sum(axis, true))),
  save: ([dy, y]) => [dy, y],
  // Its own derivatives, for double backward: d/d(dy) = g - Σ(g e^y), d/dy = -g e^y Σ dy
  backward: ({ saved: [dy, y], attrs: { axis }, needsInputGrad: n }, g) => {
    const e = y.exp()
    return [
      n[0] ? g!.sub(g!.mul(e).sum(axis, true)) : null,
      n[1] ? g!.mul(e).mul(dy.sum(axis, true)).neg() : null,
    ]
  },
})

const logSoftmaxOp = defineOp<{ axis: number }>({
  name: 'logSoftmax',
  // A fused kernel where the backend has one (it may decline axes but the last); otherwise the
  // composite.
  // log softmax(x) = (x - m) - log Σ exp(x - m), with m = max(x) so no exp overflows.
  composite: ([x], { axis }) => {
    const shifted = x.sub(x.amax(axis, true).detach())
    return shifted.sub(shifted.exp().sum(axis, true).log())
  },
  save: (_, [y]) => [y],
  backward: ({ saved: [y], attrs }, dy) => [logSoftmaxBackwardOp([dy!, y], attrs)],
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
