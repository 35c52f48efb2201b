import { maximum, zerosLike, type Tensor } from '@othergrad/core'
import { Optimizer, type ParamGroup, type Params, type ParamState } from '../optimizer'

export interface AdamOptions {
  /** Learning rate (default 1e-3). */
  lr: number
  /** Decay rates of the first and second moment estimates (default [0.9, 0.999]). */
  betas: [number, number]
  /** Added to the denominator for stability (default 1e-8). */
  eps: number
  /** L2 penalty added to the gradient (default 0; AdamW decays the weights instead). */
  weightDecay: number
  /** Use the maximum of past second moments (AMSGrad; default false). */
  amsgrad: boolean
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean
}

export function validateAdam(name: string, group: ParamGroup & AdamOptions): void {
  const [beta1, beta2] = group.betas
  if (!(group.eps >= 0)) throw new Error(`${name}: Invalid epsilon value: ${group.eps}`)
  if (!(beta1 >= 0 && beta1 < 1))
    throw new Error(`${name}: Invalid beta parameter at index 0: ${beta1}`)
  if (!(beta2 >= 0 && beta2 < 1))
    throw new Error(`${name}: Invalid beta parameter at index 1: ${beta2}`)
  if (!(group.weightDecay >= 0))
    throw new Error(`${name}: Invalid weight_decay value: ${group.weightDecay}`)
}

export function initAdamState(p: Tensor, group: ParamGroup & AdamOptions): ParamState {
  const state: ParamState = { step: 0, expAvg: zerosLike(p), expAvgSq: zerosLike(p) }
  if (group.amsgrad) state.maxExpAvgSq = zerosLike(p)
  return state
}

/** The moment updates and the bias-corrected step shared by Adam and AdamW (PyTorch's order). */
export function adamStep(
  p: Tensor,
  g: Tensor,
  state: ParamState,
  group: ParamGroup & AdamOptions,
): void {
  const {
    lr,
    betas: [beta1, beta2],
    eps,
    amsgrad,
  } = group
  const expAvg = state.expAvg as Tensor
  const expAvgSq = state.expAvgSq as Tensor
  const step = state.step as number
  expAvg.mul_(beta1).add_(g, 1 - beta1)
  // addcmul_(g, g, value = 1 - β2): (value·g)·g
  expAvgSq.mul_(beta2).add_(g.mul(1 - beta2).mul(g))
  const biasCorrection1 = 1 - beta1 ** step
  const biasCorrection2 = 1 - beta2 ** step
  const stepSize = lr / biasCorrection1
  let second = expAvgSq
  if (amsgrad) {
    const maxExpAvgSq = state.maxExpAvgSq as Tensor
    maxExpAvgSq.copy_(maximum(maxExpAvgSq, expAvgSq))
    second = maxExpAvgSq
  }
  const denom = second.sqrt().div(Math.sqrt(biasCorrection2)).add(eps)
  // addcdiv_(m, denom, value = -stepSize): (value·m) / denom
  p.add_(expAvg.mul(-stepSize).div(denom))
}

/**
 * Adam, with `torch.optim.Adam`'s update rule (weight decay as an L2 term in the gradient,
 * optional AMSGrad and maximize).
 *
 * @example
 * const optimizer = new Adam(model.parameters(), { lr: 1e-3 })
 */
export class Adam extends Optimizer<AdamOptions> {
  constructor(params: Params, options: Partial<AdamOptions> = {}) {
    super(params, {
      lr: 1e-3,
      betas: [0.9, 0.999],
      eps: 1e-8,
      weightDecay: 0,
      amsgrad: false,
      maximize: false,
      ...options,
    })
  }

  protected override validate(group: ParamGroup & AdamOptions): void {
    super.validate(group)
    validateAdam('Adam', group)
  }

  protected initState(p: Tensor, group: ParamGroup & AdamOptions): ParamState {
    return initAdamState(p, group)
  }

  protected update(
    p: Tensor,
    grad: Tensor,
    state: ParamState,
    group: ParamGroup & AdamOptions,
  ): void {
    let g = group.maximize ? grad.neg() : grad
    state.step = (state.step as number) + 1
    if (group.weightDecay !== 0) g = g.add(p, group.weightDecay)
    adamStep(p, g, state, group)
  }
}
