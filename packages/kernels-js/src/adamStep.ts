import type { AdamStepAttrs } from '@othergrad/core/backend'

type FloatArray = Float32Array | Float64Array

/**
 * One Adam/AdamW step in place over flat arrays, PyTorch's single-tensor rule and order (see
 * `AdamStepAttrs`), in a single pass. Each element is computed in float64; the decayed param and
 * the moments are read back after they are stored, so float32 sees the rounded values PyTorch
 * uses. `maxExpAvgSq` is only read with `amsgrad`.
 */
export function adamStepImpl(
  param: FloatArray,
  grad: FloatArray,
  expAvg: FloatArray,
  expAvgSq: FloatArray,
  maxExpAvgSq: FloatArray | null,
  attrs: AdamStepAttrs,
): void {
  const { lr, beta1, beta2, eps, weightDecay, amsgrad, maximize, decoupledWeightDecay, step } =
    attrs
  const sign = maximize ? -1 : 1
  // Adam adds wd·param to the gradient; AdamW scales param by `decay` instead.
  const l2 = decoupledWeightDecay ? 0 : weightDecay
  const decay = decoupledWeightDecay ? 1 - lr * weightDecay : 1
  const keep1 = 1 - beta1
  const keep2 = 1 - beta2
  const negStepSize = -(lr / (1 - beta1 ** step))
  const bc2Sqrt = Math.sqrt(1 - beta2 ** step)
  const max = amsgrad ? maxExpAvgSq : null
  const n = param.length
  for (let i = 0; i < n; i++) {
    if (decay !== 1) param[i] *= decay
    const g = l2 === 0 ? sign * grad[i] : sign * grad[i] + l2 * param[i]
    expAvg[i] = beta1 * expAvg[i] + keep1 * g
    expAvgSq[i] = beta2 * expAvgSq[i] + keep2 * g * g
    let v = expAvgSq[i]
    if (max !== null) {
      max[i] = Math.max(max[i], v)
      v = max[i]
    }
    param[i] += (negStepSize * expAvg[i]) / (Math.sqrt(v) / bc2Sqrt + eps)
  }
}
