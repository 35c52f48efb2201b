import { checkOptionKeys, defineOp, type Reduction, type Tensor } from '@othergrad/core'

/** Options of the losses that take only a reduction. */
export interface ReductionOptions {
  /** `'mean'` (default), `'sum'`, or `'none'` for the per-element losses. */
  reduction?: Reduction
}

/** `binaryCrossEntropy`'s options, like `F.binary_cross_entropy`'s. */
export interface BinaryCrossEntropyOptions extends ReductionOptions {
  /** Rescales each element's loss; broadcasts against the input. */
  weight?: Tensor | null
}

/** `binaryCrossEntropyWithLogits`'s options, like `F.binary_cross_entropy_with_logits`'s. */
export interface BinaryCrossEntropyWithLogitsOptions extends BinaryCrossEntropyOptions {
  /** Weight of positive examples, broadcast along the last (class) dim. */
  posWeight?: Tensor | null
}

/** `huberLoss`'s options, like `F.huber_loss`'s. */
export interface HuberLossOptions extends ReductionOptions {
  /** Where the loss changes from quadratic to linear (default 1). */
  delta?: number
}

function reduce(op: string, loss: Tensor, reduction: Reduction | undefined): Tensor {
  switch (reduction ?? 'mean') {
    case 'mean':
      return loss.mean()
    case 'sum':
      return loss.sum()
    case 'none':
      return loss
    default:
      throw new Error(
        `${op}: ${String(reduction)} is not a valid value for reduction; expected 'mean', 'sum' or 'none'`,
      )
  }
}

function checkPair(op: string, input: Tensor, target: Tensor): void {
  if (input.dtype !== 'float32' && input.dtype !== 'float64') {
    throw new Error(`${op}: expected a floating point input, got ${input.dtype}`)
  }
  if (target.dtype !== 'float32' && target.dtype !== 'float64') {
    throw new Error(`${op}: expected a floating point target, got ${target.dtype}`)
  }
}

/**
 * Mean squared error, like `F.mse_loss`.
 *
 * @example
 * mseLoss(prediction, target, { reduction: 'sum' })
 */
export function mseLoss(input: Tensor, target: Tensor, options: ReductionOptions = {}): Tensor {
  checkOptionKeys('mseLoss', options, ['reduction'])
  checkPair('mseLoss', input, target)
  const d = input.sub(target)
  return reduce('mseLoss', d.mul(d), options.reduction)
}

/** Mean absolute error, like `F.l1_loss`. */
export function l1Loss(input: Tensor, target: Tensor, options: ReductionOptions = {}): Tensor {
  checkOptionKeys('l1Loss', options, ['reduction'])
  checkPair('l1Loss', input, target)
  return reduce('l1Loss', input.sub(target).abs(), options.reduction)
}

/**
 * Huber loss, like `F.huber_loss`: `0.5·d²` where `|d| < delta`, else `delta·(|d| - 0.5·delta)`.
 */
export function huberLoss(input: Tensor, target: Tensor, options: HuberLossOptions = {}): Tensor {
  checkOptionKeys('huberLoss', options, ['reduction', 'delta'])
  checkPair('huberLoss', input, target)
  const delta = options.delta ?? 1
  if (typeof delta !== 'number' || !(delta > 0))
    throw new Error(
      `huberLoss: huber_loss does not support non-positive values for delta, got ${delta}`,
    )
  const z = input.sub(target).abs()
  const quadratic = z.mul(0.5).mul(z)
  const linear = z.sub(0.5 * delta).mul(delta)
  return reduce('huberLoss', quadratic.where(z.lt(delta), linear), options.reduction)
}

const BCE_EPSILON = Math.fround(1e-12)

const bceOp = defineOp<null>({
  name: 'binaryCrossEntropy',
  package: '@othergrad/nn',
  // -(t·log x + (1 - t)·log(1 - x)), each log clamped at -100 as PyTorch does, so x = 0 or 1
  // gives a finite loss.
  composite: ([x, t]) =>
    t
      .sub(1)
      .mul(x.neg().log1p().clamp(-100))
      .sub(t.mul(x.log().clamp(-100))),
  save: ([x, t]) => [x, t],
  // d/dx = (x - t) / max(x·(1 - x), ε), PyTorch's formula (finite at x = 0 or 1), with its
  // ε = 1e-12 stored as a float32 constant;
  // d/dt = log(1 - x) - log(x), clamped like the forward.
  backward: ({ saved: [x, t], needsInputGrad: n }, dy) => [
    n[0] ? dy!.mul(x.sub(t)).div(x.neg().add(1).mul(x).clamp(BCE_EPSILON)) : null,
    n[1] ? dy!.mul(x.neg().log1p().clamp(-100).sub(x.log().clamp(-100))) : null,
  ],
})

/**
 * Binary cross-entropy between probabilities and targets of the same shape, like
 * `F.binary_cross_entropy`.
 */
export function binaryCrossEntropy(
  input: Tensor,
  target: Tensor,
  options: BinaryCrossEntropyOptions = {},
): Tensor {
  checkOptionKeys('binaryCrossEntropy', options, ['weight', 'reduction'])
  checkPair('binaryCrossEntropy', input, target)
  if (input.ndim !== target.ndim || input.shape.some((d, i) => d !== target.shape[i])) {
    throw new Error(
      `binaryCrossEntropy: Using a target size ([${target.shape.join(', ')}]) that is different to the input size ([${input.shape.join(', ')}]) is deprecated. Please ensure they have the same size.`,
    )
  }
  const t = target.dtype === input.dtype ? target : target.cast(input.dtype)
  let loss = bceOp([input, t], null)
  if (options.weight) loss = loss.mul(options.weight)
  return reduce('binaryCrossEntropy', loss, options.reduction)
}

/**
 * Sigmoid followed by binary cross-entropy, computed stably from logits, like
 * `F.binary_cross_entropy_with_logits`.
 *
 * @example
 * binaryCrossEntropyWithLogits(logits, labels, { posWeight: tensor([3]) })
 */
export function binaryCrossEntropyWithLogits(
  input: Tensor,
  target: Tensor,
  options: BinaryCrossEntropyWithLogitsOptions = {},
): Tensor {
  checkOptionKeys('binaryCrossEntropyWithLogits', options, ['weight', 'posWeight', 'reduction'])
  checkPair('binaryCrossEntropyWithLogits', input, target)
  if (input.ndim !== target.ndim || input.shape.some((d, i) => d !== target.shape[i])) {
    throw new Error(
      `binaryCrossEntropyWithLogits: Target size ([${target.shape.join(', ')}]) must be the same as input size ([${input.shape.join(', ')}])`,
    )
  }
  const { weight = null, posWeight = null } = options
  // (1 - t)·x + w_t·(log(e^-m + e^(-x-m)) + m) with m = max(-x, 0): no exp overflows.
  const m = input.neg().clamp(0)
  const logSum = m.neg().exp().add(input.neg().sub(m).exp()).log()
  const linear = target.neg().add(1).mul(input)
  let loss: Tensor
  if (posWeight) {
    const logWeight = posWeight.sub(1).mul(target).add(1)
    loss = linear.add(logWeight.mul(logSum.add(m)))
  } else {
    loss = linear.add(m).add(logSum)
  }
  if (weight) loss = loss.mul(weight)
  return reduce('binaryCrossEntropyWithLogits', loss, options.reduction)
}
