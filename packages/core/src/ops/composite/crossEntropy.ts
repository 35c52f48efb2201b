import { check, checkFloating, checkNumberOption, checkOptionKeys, fail } from '../../check'
import { formatShape } from '../../shape'
import type { Tensor } from '../../tensor'
import { where } from '../elementwise/where'
import { checkIndexRange } from '../indexing/indexRange'
import { checkTensor } from '../util'
import { logSoftmax } from './softmax'

/** How a loss reduces over the batch: `'mean'` (default), `'sum'` or `'none'`. */
export type Reduction = 'mean' | 'sum' | 'none'

/** `nllLoss`'s options, PyTorch's in camelCase. */
export interface NllLossOptions {
  /** Per-class weights, shape `[C]`. */
  weight?: Tensor | null
  /** Target value that contributes nothing (default -100). */
  ignoreIndex?: number
  reduction?: Reduction
}

/** `crossEntropy`'s options, PyTorch's in camelCase. */
export interface CrossEntropyOptions extends NllLossOptions {
  /** Mixes the target with a uniform distribution (0 to 1). */
  labelSmoothing?: number
}

function checkReduction(op: string, reduction: string): asserts reduction is Reduction {
  if (reduction !== 'mean' && reduction !== 'sum' && reduction !== 'none') {
    fail(op, `${reduction} is not a valid value for reduction; expected 'mean', 'sum' or 'none'`)
  }
}

/** Class weights broadcast along the class dim (dim 1, or 0 for unbatched input). */
function classWeightView(weight: Tensor, input: Tensor): Tensor {
  const classDim = input.ndim === 1 ? 0 : 1
  return weight.reshape(input.shape.map((d, i) => (i === classDim ? d : 1)))
}

function checkIndexTarget(op: string, input: Tensor, target: Tensor): void {
  check(
    target.dtype === 'int32',
    op,
    () =>
      `expected target to be class indices (int32) or class probabilities (input's shape), got ${target.dtype} of shape ${formatShape(target.shape)}`,
  )
  if (input.ndim === 1) {
    check(
      target.ndim === 0,
      op,
      () =>
        `expected a 0-D target for 1-D input (shape ${formatShape(input.shape)}), got ${formatShape(target.shape)}`,
    )
    return
  }
  check(
    input.shape[0] === target.shape[0] || target.ndim === 0,
    op,
    () =>
      `Expected input batch_size (${input.shape[0]}) to match target batch_size (${target.shape[0]})`,
  )
  const expected = [input.shape[0], ...input.shape.slice(2)]
  check(
    target.ndim === expected.length && target.shape.every((d, i) => d === expected[i]),
    op,
    () =>
      `expected target of shape ${formatShape(expected)} for input of shape ${formatShape(input.shape)}, got ${formatShape(target.shape)}`,
  )
}

/** Negative log-likelihood from log-probabilities and class indices, like `F.nll_loss`. */
export function nllLoss(logProbs: Tensor, target: Tensor, options: NllLossOptions = {}): Tensor {
  checkOptionKeys('nllLoss', options, ['weight', 'ignoreIndex', 'reduction'])
  const { weight = null, ignoreIndex = -100, reduction = 'mean' } = options
  checkNumberOption('nllLoss', 'ignoreIndex', ignoreIndex, { integer: true })
  if (weight !== null) checkTensor('nllLoss', 'weight', weight)
  checkTensor('nllLoss', 'input', logProbs)
  checkTensor('nllLoss', 'target', target)
  checkReduction('nllLoss', reduction)
  checkFloating('nllLoss', logProbs.dtype)
  check(
    logProbs.ndim >= 1,
    'nllLoss',
    () => `input must have at least 1 dim (class dim), got shape ${formatShape(logProbs.shape)}`,
  )
  checkIndexTarget('nllLoss', logProbs, target)
  const batched = logProbs.ndim === 1 ? logProbs.unsqueeze(0) : logProbs
  const labels = logProbs.ndim === 1 ? target.reshape([1]) : target
  const ignored = checkIndexRange('nllLoss', labels, batched.shape[1], 1, ignoreIndex)
  if (!weight && ignored === false) {
    // Every target counts with weight 1 (the labels were read for the range check): the same
    // values with half the ops of the general path.
    const plain = batched.gather(1, labels.unsqueeze(1)).squeeze(1).neg()
    const reduced =
      reduction === 'none' ? plain : reduction === 'sum' ? plain.sum() : plain.sum().div(plain.size)
    return logProbs.ndim === 1 && reduction === 'none' ? reduced.reshape([]) : reduced
  }
  const valid = labels.ne(ignoreIndex)
  const safe = where(valid, labels, 0)
  const picked = batched.gather(1, safe.unsqueeze(1)).squeeze(1)
  let w = valid.cast(logProbs.dtype)
  if (weight) w = w.mul(weight.indexSelect(0, safe.reshape([-1])).reshape(safe.shape))
  const losses = picked.mul(w).neg()
  const result =
    reduction === 'none' ? losses : reduction === 'sum' ? losses.sum() : losses.sum().div(w.sum())
  return logProbs.ndim === 1 && reduction === 'none' ? result.reshape([]) : result
}

/**
 * Cross-entropy between logits and class indices (int32) or class probabilities, with PyTorch's
 * `weight`, `ignoreIndex`, `reduction` and `labelSmoothing` semantics, like `F.cross_entropy`.
 *
 * @example
 * crossEntropy(model.forward(x), labels) // logits [N, C], labels [N] int32
 */
export function crossEntropy(
  input: Tensor,
  target: Tensor,
  options: CrossEntropyOptions = {},
): Tensor {
  checkOptionKeys('crossEntropy', options, ['weight', 'ignoreIndex', 'reduction', 'labelSmoothing'])
  const { weight = null, ignoreIndex = -100, reduction = 'mean', labelSmoothing = 0 } = options
  checkNumberOption('crossEntropy', 'ignoreIndex', ignoreIndex, { integer: true })
  if (weight !== null) checkTensor('crossEntropy', 'weight', weight)
  checkTensor('crossEntropy', 'input', input)
  checkTensor('crossEntropy', 'target', target)
  checkReduction('crossEntropy', reduction)
  check(
    typeof labelSmoothing === 'number' && labelSmoothing >= 0 && labelSmoothing <= 1,
    'crossEntropy',
    () => `label_smoothing must be between 0.0 and 1.0. Got: ${labelSmoothing}`,
  )
  checkFloating('crossEntropy', input.dtype)
  check(
    input.ndim >= 1,
    'crossEntropy',
    () => `input must have a class dim, got shape ${formatShape(input.shape)}`,
  )
  const classDim = input.ndim === 1 ? 0 : 1
  const classes = input.shape[classDim]
  if (weight) {
    check(
      weight.ndim === 1 && weight.shape[0] === classes,
      'crossEntropy',
      () =>
        `weight tensor should be defined either for all ${classes} classes or no classes but got weight tensor of shape: ${formatShape(weight.shape)}`,
    )
  }
  // Checked before nllLoss would, so a bad target is reported as crossEntropy's.
  if (!isFloatTarget(target)) checkIndexTarget('crossEntropy', input, target)
  const logProbs = logSoftmax(input, classDim)

  if (isFloatTarget(target)) {
    check(
      target.ndim === input.ndim && target.shape.every((d, i) => d === input.shape[i]),
      'crossEntropy',
      () =>
        `expected class-probability target of the input's shape ${formatShape(input.shape)}, got ${formatShape(target.shape)}`,
    )
    const probs =
      labelSmoothing > 0 ? target.mul(1 - labelSmoothing).add(labelSmoothing / classes) : target
    const weighted = weight ? logProbs.mul(classWeightView(weight, input)) : logProbs
    const losses = weighted.mul(probs).sum(classDim).neg()
    if (reduction === 'none') return losses
    return reduction === 'sum' ? losses.sum() : losses.sum().div(input.size / (classes || 1))
  }

  const nll = nllLoss(logProbs, target, { weight, ignoreIndex, reduction })
  if (labelSmoothing === 0) return nll
  // Smoothing term: -Σ_c w_c log p_c per sample, ignoring ignoreIndex targets.
  const valid = target.ne(ignoreIndex)
  const weighted = weight ? logProbs.mul(classWeightView(weight, input)) : logProbs
  const smooth = where(valid, weighted.sum(classDim).neg(), 0)
  let smoothReduced: Tensor
  if (reduction === 'none') smoothReduced = smooth
  else if (reduction === 'sum') smoothReduced = smooth.sum()
  else if (weight)
    smoothReduced = smooth
      .sum()
      .div(
        where(
          valid,
          weight.indexSelect(0, where(valid, target, 0).reshape([-1])).reshape(target.shape),
          0,
        ).sum(),
      )
  else smoothReduced = smooth.sum().div(valid.sum())
  return nll.mul(1 - labelSmoothing).add(smoothReduced.mul(labelSmoothing / classes))
}

function isFloatTarget(target: Tensor): boolean {
  return target.dtype === 'float32' || target.dtype === 'float64'
}
