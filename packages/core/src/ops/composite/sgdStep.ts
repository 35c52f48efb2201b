import type { SgdStepAttrs } from '../../backend/kernels'
import { noGrad } from '../../autograd/gradMode'
import { check } from '../../check'
import { isFloating } from '../../dtype'
import type { Tensor } from '../../tensor'
import { defineOp } from '../../op'
import { checkOptimizerOperand } from './optimizerOperands'

/**
 * One SGD step on `param` in place, with PyTorch's update rule (see `SgdStepAttrs`): the fused
 * kernel when the backend has one (one pass over the parameter), else the same rule with in-place
 * ops. `buf` is the momentum buffer (null without momentum), updated in place too. Runs without
 * recording the graph, as optimizer updates do.
 *
 * @example
 * sgdStep_(p, p.grad!, buf, { lr: 0.01, momentum: 0.9, dampening: 0, weightDecay: 0, nesterov: true, maximize: false, firstStep: false })
 */
export function sgdStep_(
  param: Tensor,
  grad: Tensor,
  buf: Tensor | null,
  attrs: SgdStepAttrs,
): void {
  check(
    isFloating(param.dtype),
    'sgdStep_',
    () => `expected a floating point param, got ${param.dtype}`,
  )
  checkOptimizerOperand('sgdStep_', 'grad', grad, param)
  if (buf) checkOptimizerOperand('sgdStep_', 'momentum buffer', buf, param)
  check(buf !== null || attrs.momentum === 0, 'sgdStep_', () => 'momentum needs a momentum buffer')
  noGrad(() => sgdStepOp(buf ? [param, grad, buf] : [param, grad], attrs))
}

/**
 * The step as an op: the backend's `sgdStep` kernel writes the parameter (and buffer) in one
 * pass, else the composite applies the same rule with in-place ops.
 */
const sgdStepOp = defineOp<SgdStepAttrs, Tensor[]>({
  name: 'sgdStep',
  nondifferentiable: true,
  mutates: [0, 2],
  infer: () => [],
  composite: ([param, grad, buf], attrs) => {
    sgdRule(param, grad, buf ?? null, attrs)
    return []
  },
})

function sgdRule(param: Tensor, grad: Tensor, buf: Tensor | null, attrs: SgdStepAttrs): void {
  const { lr, momentum, dampening, weightDecay, nesterov, maximize, firstStep } = attrs
  let d = maximize ? grad.neg() : grad
  if (weightDecay !== 0) d = d.add(param, weightDecay)
  if (buf && momentum !== 0) {
    if (firstStep) buf.copy_(d)
    else buf.mul_(momentum).add_(d, 1 - dampening)
    d = nesterov ? d.add(buf, momentum) : buf
  }
  param.add_(d, -lr)
}
