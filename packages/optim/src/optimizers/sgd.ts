import { keep, sgdStep_, zerosLike, type Tensor } from '@othergrad/core'
import { Optimizer, type ParamGroup, type Params, type ParamState } from '../optimizer'

/** `SGD`'s hyperparameters, `torch.optim.SGD`'s in camelCase, with PyTorch's defaults. */
export interface SGDOptions {
  /** Learning rate (default 1e-3). */
  lr: number
  /** Momentum factor (default 0). */
  momentum: number
  /** Dampening for momentum (default 0). */
  dampening: number
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number
  /** Nesterov momentum (default false); needs momentum > 0 and no dampening. */
  nesterov: boolean
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean
}

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and weight
 * decay, with `torch.optim.SGD`'s update rule:
 * `g = ±grad + wd·p; buf = μ·buf + (1 - τ)·g; p -= lr·(nesterov ? g + μ·buf : buf)`.
 *
 * @example
 * const optimizer = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 })
 */
export class SGD extends Optimizer<SGDOptions> {
  constructor(params: Params, options: Partial<SGDOptions> = {}) {
    super(
      params,
      {
        lr: 1e-3,
        momentum: 0,
        dampening: 0,
        weightDecay: 0,
        nesterov: false,
        maximize: false,
      },
      options,
    )
  }

  protected override validate(group: ParamGroup & SGDOptions): void {
    super.validate(group)
    if (!(group.momentum >= 0)) throw new Error(`SGD: Invalid momentum value: ${group.momentum}`)
    if (!(group.weightDecay >= 0))
      throw new Error(`SGD: Invalid weight_decay value: ${group.weightDecay}`)
    if (group.nesterov && (group.momentum <= 0 || group.dampening !== 0)) {
      throw new Error('SGD: Nesterov momentum requires a momentum and zero dampening')
    }
  }

  protected initState(): ParamState {
    return {}
  }

  protected update(
    p: Tensor,
    grad: Tensor,
    state: ParamState,
    group: ParamGroup & SGDOptions,
  ): void {
    const { lr, momentum, dampening, weightDecay, nesterov, maximize } = group
    let buf = state.momentumBuffer as Tensor | undefined
    const firstStep = momentum !== 0 && buf === undefined
    if (firstStep) {
      // The first step starts the buffer at the (decayed) gradient; the step itself fills it.
      buf = keep(zerosLike(p))
      state.momentumBuffer = buf
    }
    // One fused pass over the parameter where the backend has it, else the same rule as ops.
    sgdStep_(p, grad, momentum !== 0 ? buf! : null, {
      lr,
      momentum,
      dampening,
      weightDecay,
      nesterov,
      maximize,
      firstStep,
    })
  }
}
