import { fullLike, type Tensor } from '@othergrad/core'
import { Optimizer, type ParamGroup, type Params, type ParamState } from '../optimizer'

/** `Adagrad`'s hyperparameters, `torch.optim.Adagrad`'s in camelCase, with PyTorch's defaults. */
export interface AdagradOptions {
  /** Learning rate (default 1e-2). */
  lr: number
  /** Learning-rate decay per step (default 0). */
  lrDecay: number
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number
  /** Starting value of the sum of squared gradients (default 0). */
  initialAccumulatorValue: number
  /** Added to the denominator for stability (default 1e-10). */
  eps: number
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean
}

/**
 * Adagrad, with `torch.optim.Adagrad`'s update rule:
 * `sum += g²; p -= lr / (1 + (step - 1)·lrDecay) · g / (√sum + eps)`.
 */
export class Adagrad extends Optimizer<AdagradOptions> {
  constructor(params: Params, options: Partial<AdagradOptions> = {}) {
    super(
      params,
      {
        lr: 1e-2,
        lrDecay: 0,
        weightDecay: 0,
        initialAccumulatorValue: 0,
        eps: 1e-10,
        maximize: false,
      },
      options,
    )
  }

  protected override validate(group: ParamGroup & AdagradOptions): void {
    super.validate(group)
    if (!(group.lrDecay >= 0)) throw new Error(`Adagrad: Invalid lr_decay value: ${group.lrDecay}`)
    if (!(group.weightDecay >= 0))
      throw new Error(`Adagrad: Invalid weight_decay value: ${group.weightDecay}`)
    if (!(group.initialAccumulatorValue >= 0))
      throw new Error(
        `Adagrad: Invalid initial_accumulator_value value: ${group.initialAccumulatorValue}`,
      )
    if (!(group.eps >= 0)) throw new Error(`Adagrad: Invalid epsilon value: ${group.eps}`)
  }

  protected initState(p: Tensor, group: ParamGroup & AdagradOptions): ParamState {
    return { step: 0, sum: fullLike(p, group.initialAccumulatorValue) }
  }

  protected update(
    p: Tensor,
    grad: Tensor,
    state: ParamState,
    group: ParamGroup & AdagradOptions,
  ): void {
    const { lr, lrDecay, weightDecay, eps, maximize } = group
    const step = (state.step as number) + 1
    state.step = step
    let g = maximize ? grad.neg() : grad
    if (weightDecay !== 0) g = g.add(p, weightDecay)
    const clr = lr / (1 + (step - 1) * lrDecay)
    const sum = state.sum as Tensor
    sum.add_(g.mul(g))
    const std = sum.sqrt().add(eps)
    p.add_(g.mul(-clr).div(std))
  }
}
