import type { AdamStepAttrs } from '../../backend/kernels'
import { noGrad } from '../../autograd/gradMode'
import { check } from '../../check'
import { isFloating } from '../../dtype'
import type { Tensor } from '../../tensor'
import { defineOp } from '../../op'
import { checkOptimizerOperand } from './optimizerOperands'

/**
 * One Adam (or, with `decoupledWeightDecay`, AdamW) step on `param` in place, with PyTorch's
 * single-tensor update rule and order (see `AdamStepAttrs`): the fused kernel when the backend
 * has one (one pass over the parameter and its moments), else the same rule with in-place ops.
 * `expAvg` and `expAvgSq` are the first and second moments and `maxExpAvgSq` the AMSGrad maximum
 * (null without AMSGrad), all updated in place. `step` counts this step, from 1. Runs without
 * recording the graph, as optimizer updates do.
 *
 * @example
 * adamStep_(p, p.grad!, m, v, null, { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, amsgrad: false, maximize: false, decoupledWeightDecay: true, step: 1 })
 */
export function adamStep_(
  param: Tensor,
  grad: Tensor,
  expAvg: Tensor,
  expAvgSq: Tensor,
  maxExpAvgSq: Tensor | null,
  attrs: AdamStepAttrs,
): void {
  check(
    isFloating(param.dtype),
    'adamStep_',
    () => `expected a floating point param, got ${param.dtype}`,
  )
  checkOptimizerOperand('adamStep_', 'grad', grad, param)
  checkOptimizerOperand('adamStep_', 'expAvg', expAvg, param)
  checkOptimizerOperand('adamStep_', 'expAvgSq', expAvgSq, param)
  // Without AMSGrad the maximum buffer is ignored; `?? null` also catches a JS caller's undefined.
  const max = attrs.amsgrad ? (maxExpAvgSq ?? null) : null
  check(!attrs.amsgrad || max !== null, 'adamStep_', () => 'amsgrad needs a maxExpAvgSq buffer')
  if (max) checkOptimizerOperand('adamStep_', 'maxExpAvgSq', max, param)
  check(
    Number.isInteger(attrs.step) && attrs.step >= 1,
    'adamStep_',
    () => `step counts steps from 1, got ${attrs.step}`,
  )
  noGrad(() =>
    adamStepOp(max ? [param, grad, expAvg, expAvgSq, max] : [param, grad, expAvg, expAvgSq], attrs),
  )
}

/**
 * The step as an op: the backend's `adamStep` kernel writes the parameter and moments in one
 * pass, else the composite applies the same rule with in-place ops.
 */
const adamStepOp = defineOp<AdamStepAttrs, Tensor[]>({
  name: 'adamStep',
  nondifferentiable: true,
  mutates: [0, 2, 3, 4],
  infer: () => [],
  composite: ([param, grad, expAvg, expAvgSq, max], attrs) => {
    adamRule(param, grad, expAvg, expAvgSq, max ?? null, attrs)
    return []
  },
})

function adamRule(
  param: Tensor,
  grad: Tensor,
  expAvg: Tensor,
  expAvgSq: Tensor,
  max: Tensor | null,
  attrs: AdamStepAttrs,
): void {
  const { lr, beta1, beta2, eps, weightDecay, maximize, decoupledWeightDecay, step } = attrs
  let g = maximize ? grad.neg() : grad
  if (weightDecay !== 0) {
    if (decoupledWeightDecay) param.mul_(1 - lr * weightDecay)
    else g = g.add(param, weightDecay)
  }
  // PyTorch's mul_(β).add_(g, alpha) and addcmul_(g, g, value): (value·g)·g.
  expAvg.mul_(beta1).add_(g, 1 - beta1)
  expAvgSq.mul_(beta2).add_(g.mul(1 - beta2).mul(g))
  let second = expAvgSq
  if (max) {
    max.copy_(max.maximum(expAvgSq))
    second = max
  }
  const stepSize = lr / (1 - beta1 ** step)
  const denom = second
    .sqrt()
    .div(Math.sqrt(1 - beta2 ** step))
    .add(eps)
  // addcdiv_(m, denom, value = -stepSize): (value·m) / denom
  param.add_(expAvg.mul(-stepSize).div(denom))
}
