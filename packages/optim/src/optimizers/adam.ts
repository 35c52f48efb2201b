import { adamStep_, zerosLike, type Tensor } from '@othergrad/core'
import { Optimizer, type ParamGroup, type Params, type ParamState } from '../optimizer'

/** `Adam`'s hyperparameters, `torch.optim.Adam`'s in camelCase, with PyTorch's defaults. */
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

/**
 * One Adam or AdamW step on `p` (`decoupledWeightDecay` picks AdamW's weight decay), counting it
 * in `state.step`: one fused pass where the backend has it, else the same rule as ops (PyTorch's
 * single-tensor order either way).
 */
export function adamStep(
  p: Tensor,
  grad: Tensor,
  state: ParamState,
  group: ParamGroup & AdamOptions,
  decoupledWeightDecay: boolean,
): void {
  const step = (state.step as number) + 1
  state.step = step
  const { lr, betas, eps, weightDecay, amsgrad, maximize } = group
  // A state made without AMSGrad has no maximum: adamStep_ then throws rather than skip it.
  const maxExpAvgSq = amsgrad ? ((state.maxExpAvgSq as Tensor | undefined) ?? null) : null
  adamStep_(p, grad, state.expAvg as Tensor, state.expAvgSq as Tensor, maxExpAvgSq, {
    lr,
    beta1: betas[0],
    beta2: betas[1],
    eps,
    weightDecay,
    amsgrad,
    maximize,
    decoupledWeightDecay,
    step,
  })
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
    super(
      params,
      {
        lr: 1e-3,
        betas: [0.9, 0.999],
        eps: 1e-8,
        weightDecay: 0,
        amsgrad: false,
        maximize: false,
      },
      options,
    )
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
    adamStep(p, grad, state, group, false)
  }
}
