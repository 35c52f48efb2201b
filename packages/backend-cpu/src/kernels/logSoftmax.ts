import { numel } from '@othergrad/core/backend'
import type { DataArray, Storage, TensorInfo } from '@othergrad/core/backend'
import { valuesOf } from '../storage'
import type { CpuStore } from '../storage'

/**
 * Log-softmax over rows of length `n`: `x - max - log(sum(exp(x - max)))`. Subtracting the row
 * max keeps every `exp` argument ≤ 0, so nothing overflows; NaN and ±inf rows give NaN as in torch.
 */
export function logSoftmaxImpl(x: DataArray, n: number, out: DataArray): void {
  const size = out.length
  if (size === 0 || n === 0) return
  for (let o = 0; o < size; o += n) {
    const end = o + n
    let max = -Infinity
    for (let i = o; i < end; i++) max = Math.max(max, x[i])
    let sum = 0
    for (let i = o; i < end; i++) sum += Math.exp(x[i] - max)
    const shift = max + Math.log(sum)
    for (let i = o; i < end; i++) out[i] = x[i] - shift
  }
}

/**
 * Backward of log-softmax over rows of length `n`: `dy - exp(y) * sum(dy)`, since
 * `softmax = exp(y)` and d(log-softmax)/dx is `I - softmax` broadcast along the row.
 */
export function logSoftmaxBackwardImpl(
  dy: DataArray,
  y: DataArray,
  n: number,
  out: DataArray,
): void {
  const size = out.length
  if (size === 0 || n === 0) return
  for (let o = 0; o < size; o += n) {
    const end = o + n
    let sum = 0
    for (let i = o; i < end; i++) sum += dy[i]
    for (let i = o; i < end; i++) out[i] = dy[i] - Math.exp(y[i]) * sum
  }
}

function lastDim(x: TensorInfo): number {
  return x.shape.length === 0 ? 1 : x.shape[x.shape.length - 1]
}

/** Log-softmax along the last axis. */
export function logSoftmax(store: CpuStore, x: TensorInfo): Storage {
  const out = store.alloc(x.dtype, numel(x.shape))
  if (out.values.length === 0) return out
  logSoftmaxImpl(valuesOf(x), lastDim(x), out.values)
  return out
}

/** Gradient of log-softmax along the last axis, from its output `y`. */
export function logSoftmaxBackward(store: CpuStore, dy: TensorInfo, y: TensorInfo): Storage {
  const out = store.alloc(dy.dtype, numel(dy.shape))
  if (out.values.length === 0) return out
  logSoftmaxBackwardImpl(valuesOf(dy), valuesOf(y), lastDim(dy), out.values)
  return out
}
