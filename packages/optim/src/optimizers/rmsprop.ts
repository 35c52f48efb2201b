import { zerosLike, type Tensor } from '@othergrad/core'
import { Optimizer, type ParamGroup, type Params, type ParamState } from '../optimizer'

/** `RMSprop`'s hyperparameters, `torch.optim.RMSprop`'s in camelCase, with PyTorch's defaults. */
export interface RMSpropOptions {
  /** Learning rate (default 1e-2). */
  lr: number
  /** Smoothing constant of the squared-gradient average (default 0.99). */
  alpha: number
  /** Added to the denominator for stability (default 1e-8). */
  eps: number
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number
  /** Momentum factor (default 0). */
  momentum: number
  /** Normalise by the estimated variance instead of the second moment (default false). */
  centered: boolean
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean
}

/**
 * RMSprop, with `torch.optim.RMSprop`'s update rule (optionally centered, with momentum).
 *
 * @example
 * const optimizer = new RMSprop(model.parameters(), { lr: 1e-3, momentum: 0.9 })
 */
export class RMSprop extends Optimizer<RMSpropOptions> {
  constructor(params: Params, options: Partial<RMSpropOptions> = {}) {
    super(
      params,
      {
        lr: 1e-2,
        alpha: 0.99,
        eps: 1e-8,
        weightDecay: 0,
        momentum: 0,
        centered: false,
        maximize: false,
      },
      options,
    )
  }

  protected override validate(group: ParamGroup & RMSpropOptions): void {
    super.validate(group)
    if (!(group.eps >= 0)) throw new Error(`RMSprop: Invalid epsilon value: ${group.eps}`)
    if (!(group.momentum >= 0))
      throw new Error(`RMSprop: Invalid momentum value: ${group.momentum}`)
    if (!(group.weightDecay >= 0))
      throw new Error(`RMSprop: Invalid weight_decay value: ${group.weightDecay}`)
    if (!(group.alpha >= 0)) throw new Error(`RMSprop: Invalid alpha value: ${group.alpha}`)
  }

  protected initState(p: Tensor, group: ParamGroup & RMSpropOptions): ParamState {
    const state: ParamState = { step: 0, squareAvg: zerosLike(p) }
    if (group.momentum > 0) state.momentumBuffer = zerosLike(p)
    if (group.centered) state.gradAvg = zerosLike(p)
    return state
  }

  protected update(
    p: Tensor,
    grad: Tensor,
    state: ParamState,
    group: ParamGroup & RMSpropOptions,
  ): void {
    const { lr, alpha, eps, weightDecay, momentum, centered, maximize } = group
    state.step = (state.step as number) + 1
    let g = maximize ? grad.neg() : grad
    if (weightDecay !== 0) g = g.add(p, weightDecay)
    const squareAvg = state.squareAvg as Tensor
    squareAvg.mul_(alpha).add_(g.mul(1 - alpha).mul(g))
    let avg: Tensor
    if (centered) {
      const gradAvg = state.gradAvg as Tensor
      gradAvg.mul_(alpha).add_(g, 1 - alpha)
      // addcmul(ḡ, ḡ, value = -1): the variance estimate E[g²] - E[g]²
      avg = squareAvg.add(gradAvg.neg().mul(gradAvg)).sqrt()
    } else {
      avg = squareAvg.sqrt()
    }
    avg = avg.add(eps)
    if (momentum > 0) {
      const buf = state.momentumBuffer as Tensor
      buf.mul_(momentum).add_(g.div(avg))
      p.add_(buf, -lr)
    } else {
      p.add_(g.mul(-lr).div(avg))
    }
  }
}
