import { zerosLike, type Tensor } from '@othergrad/core'
import { Optimizer, type ParamGroup, type Params, type ParamState } from '../optimizer'

/** `Adadelta`'s hyperparameters, `torch.optim.Adadelta`'s in camelCase, with PyTorch's defaults. */
export interface AdadeltaOptions {
  /** Scale of the update (default 1.0). */
  lr: number
  /** Decay of the running averages of squared gradients and squared updates (default 0.9). */
  rho: number
  /** Added inside both square roots for stability (default 1e-6). */
  eps: number
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean
}

/**
 * Adadelta, with `torch.optim.Adadelta`'s update rule: the step is the gradient scaled by
 * √(E[Δ²] + ε) / √(E[g²] + ε), so its units match the parameter's (PyTorch's examples/mnist
 * trains its CNN with it at lr 1.0).
 *
 * @example
 * const optimizer = new Adadelta(model.parameters(), { lr: 1.0 })
 */
export class Adadelta extends Optimizer<AdadeltaOptions> {
  constructor(params: Params, options: Partial<AdadeltaOptions> = {}) {
    super(params, { lr: 1.0, rho: 0.9, eps: 1e-6, weightDecay: 0, maximize: false, ...options })
  }

  protected override validate(group: ParamGroup & AdadeltaOptions): void {
    super.validate(group)
    if (!(group.rho >= 0 && group.rho <= 1))
      throw new Error(`Adadelta: Invalid rho value: ${group.rho}`)
    if (!(group.eps >= 0)) throw new Error(`Adadelta: Invalid epsilon value: ${group.eps}`)
    if (!(group.weightDecay >= 0))
      throw new Error(`Adadelta: Invalid weight_decay value: ${group.weightDecay}`)
  }

  protected initState(p: Tensor): ParamState {
    return { step: 0, squareAvg: zerosLike(p), accDelta: zerosLike(p) }
  }

  protected update(
    p: Tensor,
    grad: Tensor,
    state: ParamState,
    group: ParamGroup & AdadeltaOptions,
  ): void {
    const { lr, rho, eps, weightDecay, maximize } = group
    state.step = (state.step as number) + 1
    let g = maximize ? grad.neg() : grad
    if (weightDecay !== 0) g = g.add(p, weightDecay)
    const squareAvg = state.squareAvg as Tensor
    const accDelta = state.accDelta as Tensor
    // addcmul(g, g, value = 1 - ρ) multiplies as (value · g) · g
    squareAvg.mul_(rho).add_(g.mul(1 - rho).mul(g))
    const std = squareAvg.add(eps).sqrt()
    const delta = accDelta.add(eps).sqrt().div(std).mul(g)
    accDelta.mul_(rho).add_(delta.mul(1 - rho).mul(delta))
    p.add_(delta, -lr)
  }
}
