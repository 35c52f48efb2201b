import { check, checkOptionKeys, fail } from '../check'
import { formatShape } from '../shape'
import type { Tensor } from '../tensor'
import { noGrad } from './gradMode'
import { checkGradOutput, runBackward } from './engine'
import { onesLike } from '../ops/creation/fill'

/** `grad()`'s options, like `torch.autograd.grad`'s keyword arguments. */
export interface GradOptions {
  /** The vector in the vector-Jacobian product; defaults to ones for scalar outputs. */
  gradOutputs?: Tensor | readonly (Tensor | null)[]
  retainGraph?: boolean
  /** Record the backward pass so the result can be differentiated again. */
  createGraph?: boolean
  /** Return null for inputs the outputs do not depend on, instead of throwing. */
  allowUnused?: boolean
}

/**
 * Gradients of `outputs` with respect to `inputs`, without touching `.grad`, like
 * `torch.autograd.grad`.
 *
 * @example
 * const [dx] = grad(y, [x], { createGraph: true })
 */
export function grad(
  outputs: Tensor | readonly Tensor[],
  inputs: Tensor | readonly Tensor[],
  options: GradOptions = {},
): (Tensor | null)[] {
  checkOptionKeys('grad', options, ['gradOutputs', 'retainGraph', 'createGraph', 'allowUnused'])
  const outs = Array.isArray(outputs) ? outputs : [outputs as Tensor]
  const ins = Array.isArray(inputs) ? inputs : [inputs as Tensor]
  const given =
    options.gradOutputs === undefined
      ? []
      : Array.isArray(options.gradOutputs)
        ? options.gradOutputs
        : [options.gradOutputs as Tensor]
  const grads = outs.map((o, i) => {
    const g = given[i]
    if (g) return checkGradOutput('grad', o, g, i)
    check(
      o.size === 1,
      'grad',
      () =>
        `grad can be implicitly created only for scalar outputs (output ${i} has shape ${formatShape(o.shape)}); pass gradOutputs`,
    )
    return noGrad(() => onesLike(o))
  })
  const createGraph = options.createGraph ?? false
  const result = runBackward(outs, grads, {
    retainGraph: options.retainGraph ?? createGraph,
    createGraph,
    capture: ins,
  })
  result.forEach((g, i) => {
    if (g === null && !options.allowUnused) {
      fail(
        'grad',
        `one of the differentiated Tensors (input ${i}) appears to not have been used in the graph. Set allowUnused: true if this is the desired behavior`,
      )
    }
  })
  return result
}
