import type { Tensor } from '@othergrad/core'
import { Optimizer, type ParamGroup, type Params, type ParamState } from '../optimizer'
import { adamStep, initAdamState, validateAdam, type AdamOptions } from './adam'

/** `AdamW`'s hyperparameters: `Adam`'s, with `weightDecay` decoupled and 1e-2 by default. */
export type AdamWOptions = AdamOptions

/**
 * Adam with decoupled weight decay (`p *= 1 - lr·wd` before the Adam step), with
 * `torch.optim.AdamW`'s update rule; `weightDecay` defaults to 1e-2.
 *
 * @example
 * const optimizer = new AdamW(model.parameters(), { lr: 3e-4, weightDecay: 0.1 })
 */
export class AdamW extends Optimizer<AdamWOptions> {
  constructor(params: Params, options: Partial<AdamWOptions> = {}) {
    super(
      params,
      {
        lr: 1e-3,
        betas: [0.9, 0.999],
        eps: 1e-8,
        weightDecay: 1e-2,
        amsgrad: false,
        maximize: false,
      },
      options,
    )
  }

  protected override validate(group: ParamGroup & AdamWOptions): void {
    super.validate(group)
    validateAdam('AdamW', group)
  }

  protected initState(p: Tensor, group: ParamGroup & AdamWOptions): ParamState {
    return initAdamState(p, group)
  }

  protected update(
    p: Tensor,
    grad: Tensor,
    state: ParamState,
    group: ParamGroup & AdamWOptions,
  ): void {
    adamStep(p, grad, state, group, true)
  }
}
