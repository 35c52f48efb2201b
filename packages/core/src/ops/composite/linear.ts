import { check } from '../../check'
import { defineOp } from '../../op'
import { formatShape } from '../../shape'
import type { Tensor } from '../../tensor'
import { matmulWithFlags } from '../matmul/matmul'
import { checkTensor } from '../util'

const linearOp = defineOp<null>({
  name: 'linear',
  // A fused kernel where the backend has one; otherwise the composite.
  infer: ([x, w]) => ({ shape: [x.shape[0], w.shape[0]], dtype: x.dtype }),
  // x @ w^T (+ b) with the transpose read from matmul's flag, never copied.
  composite: ([x, w, bias]) => {
    const y = matmulWithFlags(x, w, false, true)
    return bias ? y.add(bias) : y
  },
  save: ([x, w]) => [x, w],
  // dx = dy @ w, dw = dy^T @ x, db = Σ_rows dy (one entry per input: no bias, no third)
  backward: ({ saved: [x, w], needsInputGrad: n }, dy) => [
    n[0] ? matmulWithFlags(dy!, w, false, false) : null,
    n[1] ? matmulWithFlags(dy!, x, true, false) : null,
    ...(n.length > 2 ? [n[2] ? dy!.sum(0) : null] : []),
  ],
})

/**
 * `x @ weight.T + bias`, like `torch.nn.functional.linear`; `x` is `[..., in]`, `weight` `[out, in]`.
 *
 * @example
 * linear(x, w, b) // [64, 784] → [64, 10] for w: [10, 784]
 */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  checkTensor('linear', 'input', x)
  checkTensor('linear', 'weight', weight)
  check(
    weight.ndim === 2,
    'linear',
    () => `weight must be 2-D [out_features, in_features] (got shape ${formatShape(weight.shape)})`,
  )
  const inFeatures = weight.shape[1]
  check(
    x.ndim >= 1 && x.shape[x.ndim - 1] === inFeatures,
    'linear',
    () =>
      `mat1 and mat2 shapes cannot be multiplied (${formatShape(x.ndim === 1 ? [1, x.shape[0]] : [x.size / (x.shape[x.ndim - 1] || 1), x.shape[x.ndim - 1]])} and ${inFeatures}x${weight.shape[0]})`,
  )
  check(
    x.dtype === weight.dtype,
    'linear',
    () => `expected input and weight to have the same dtype, got ${x.dtype} and ${weight.dtype}`,
  )
  if (bias) {
    checkTensor('linear', 'bias', bias)
    check(
      bias.ndim === 1 && bias.shape[0] === weight.shape[0],
      'linear',
      () => `bias must have shape [${weight.shape[0]}] (got ${formatShape(bias.shape)})`,
    )
  }
  const rows = x.reshape([-1, inFeatures])
  const y = linearOp(bias ? [rows, weight, bias] : [rows, weight], null)
  return x.ndim === 2 ? y : y.reshape([...x.shape.slice(0, -1), weight.shape[0]])
}
