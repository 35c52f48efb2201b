/**
 * Training utilities, like `torch.nn.utils`.
 *
 * @packageDocumentation
 */
import { checkOptionKeys, div, noGrad, stack, Tensor, tensor } from '@othergrad/core'

/** `clipGradNorm_`'s options, like `clip_grad_norm_`'s keyword arguments. */
export interface ClipGradNormOptions {
  /** Throw when the total norm is NaN or infinite (reads the norm synchronously). Default false. */
  errorIfNonfinite?: boolean
}

function gradsOf(op: string, parameters: Iterable<Tensor> | Tensor): Tensor[] {
  const list = parameters instanceof Tensor ? [parameters] : [...parameters]
  for (const p of list) {
    if (!(p instanceof Tensor))
      throw new Error(`${op}: expected parameters to be Tensors, got ${typeof p}`)
  }
  return list.map((p) => p.grad).filter((g): g is Tensor => g !== null)
}

function vectorNorm(g: Tensor, normType: number): Tensor {
  if (normType === Infinity) return g.abs().amax()
  if (normType === 2) return g.square().sum().sqrt()
  if (normType === 1) return g.abs().sum()
  return g
    .abs()
    .pow(normType)
    .sum()
    .pow(1 / normType)
}

/**
 * Scales the gradients of `parameters` in place so that their joint `normType` norm is at most
 * `maxNorm`, like `torch.nn.utils.clip_grad_norm_`. Returns the total norm before clipping.
 *
 * @example
 * loss.backward()
 * clipGradNorm_(model.parameters(), 1.0)
 * optimizer.step()
 */
export function clipGradNorm_(
  parameters: Iterable<Tensor> | Tensor,
  maxNorm: number,
  normType = 2,
  options: ClipGradNormOptions = {},
): Tensor {
  checkOptionKeys('clipGradNorm_', options, ['errorIfNonfinite'])
  const grads = gradsOf('clipGradNorm_', parameters)
  if (!(normType > 0)) throw new Error(`clipGradNorm_: norm_type must be positive, got ${normType}`)
  if (grads.length === 0) return tensor(0)
  return noGrad(() => {
    const norms = grads.map((g) => vectorNorm(g, normType))
    const joint = norms.length === 1 ? norms[0] : stack(norms.map((n) => n.cast(norms[0].dtype)))
    const total = norms.length === 1 ? joint : vectorNorm(joint, normType)
    if (options.errorIfNonfinite && !Number.isFinite(total.itemSync())) {
      throw new Error(
        `clipGradNorm_: the total norm of order ${normType} for gradients from \`parameters\` is non-finite, so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set errorIfNonfinite: false`,
      )
    }
    // max_norm / (total + 1e-6), never above 1: gradients already small enough are untouched.
    const coef = div(maxNorm, total.add(1e-6)).clamp(null, 1)
    for (const g of grads) g.mul_(coef.cast(g.dtype))
    return total
  })
}

/**
 * Clamps every gradient of `parameters` into `[-clipValue, clipValue]` in place, like
 * `torch.nn.utils.clip_grad_value_`.
 */
export function clipGradValue_(parameters: Iterable<Tensor> | Tensor, clipValue: number): void {
  const grads = gradsOf('clipGradValue_', parameters)
  noGrad(() => {
    for (const g of grads) g.clamp_(-clipValue, clipValue)
  })
}
