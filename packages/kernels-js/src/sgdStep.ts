import type { SgdStepAttrs } from '@othergrad/core/backend'

type FloatArray = Float32Array | Float64Array

/**
 * One SGD step in place over flat arrays, PyTorch's rule (see `SgdStepAttrs`), in a single pass.
 * The buffer is read back after it is stored, so float32 sees the rounded value PyTorch uses.
 */
export function sgdStepImpl(
  param: FloatArray,
  grad: FloatArray,
  buf: FloatArray | null,
  attrs: SgdStepAttrs,
): void {
  const { lr, momentum, dampening, weightDecay, nesterov, maximize, firstStep } = attrs
  const sign = maximize ? -1 : 1
  const n = param.length
  if (buf === null || momentum === 0) {
    for (let i = 0; i < n; i++) param[i] -= lr * (sign * grad[i] + weightDecay * param[i])
    return
  }
  const keep = 1 - dampening
  for (let i = 0; i < n; i++) {
    const d = sign * grad[i] + weightDecay * param[i]
    buf[i] = firstStep ? d : momentum * buf[i] + keep * d
    param[i] -= lr * (nesterov ? d + momentum * buf[i] : buf[i])
  }
}
