import type { Tensor } from '@othergrad/core'
import { Adadelta, Adam, AdamW, SGD } from '@othergrad/optim'
import type { OptimizerName } from './args'

/** SGD with Nesterov momentum trains the MLP well at 0.05, Adam variants at 1e-3; Adadelta's 1.0 is PyTorch's example's. */
export function defaultLr(optimizer: OptimizerName): number {
  return optimizer === 'sgd' ? 0.05 : optimizer === 'adadelta' ? 1.0 : 1e-3
}

/**
 * The optimizer a run names: `sgd` is SGD with Nesterov momentum 0.9, as `--optimizer sgd`
 * trains; `lr` defaults per optimizer.
 */
export function makeOptimizer(
  settings: { optimizer: OptimizerName; lr?: number | undefined },
  params: Tensor[],
): SGD | Adam | AdamW | Adadelta {
  const lr = settings.lr ?? defaultLr(settings.optimizer)
  switch (settings.optimizer) {
    case 'adam':
      return new Adam(params, { lr })
    case 'adamw':
      return new AdamW(params, { lr })
    case 'adadelta':
      return new Adadelta(params, { lr })
    default:
      return new SGD(params, { lr, momentum: 0.9, nesterov: true })
  }
}
