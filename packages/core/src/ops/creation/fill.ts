import { checkedValue } from '../../check'
import { maybeCollect } from '../../collector'
import { numel } from '../../shape'
import { Tensor } from '../../tensor'
import { resolveBackend, resolveDType, shapeArg, type CreationOptions } from './options'

function filled(
  op: string,
  shape: readonly number[] | number,
  value: number,
  options: CreationOptions | undefined,
  fallback?: Tensor,
): Tensor {
  const dims = shapeArg(op, shape)
  const dtype = resolveDType(op, options, fallback?.dtype)
  const backend = options?.backend || !fallback ? resolveBackend(options) : fallback.backend
  const stored = dtype === 'bool' ? (value ? 1 : 0) : checkedValue(op, value, dtype, 'fill value')
  maybeCollect()
  const t = Tensor.fromStorage(backend, backend.fill(numel(dims), stored, dtype), dims, dtype)
  if (options?.requiresGrad) t.requiresGrad = true
  return t
}

/**
 * A tensor of zeros, like `torch.zeros`.
 *
 * @example
 * zeros([2, 3], { dtype: 'float64' })
 */
export function zeros(shape: readonly number[] | number, options?: CreationOptions): Tensor {
  return filled('zeros', shape, 0, options)
}

/** A tensor of ones, like `torch.ones`. */
export function ones(shape: readonly number[] | number, options?: CreationOptions): Tensor {
  return filled('ones', shape, 1, options)
}

/**
 * A tensor filled with `value`, like `torch.full`; an integer dtype needs a value in its range
 * (NaN, ±Infinity or 3e9 with `dtype: 'int32'` raise instead of wrapping).
 */
export function full(
  shape: readonly number[] | number,
  value: number | boolean,
  options?: CreationOptions,
): Tensor {
  const dtype = options?.dtype ?? (typeof value === 'boolean' ? 'bool' : 'float32')
  return filled('full', shape, Number(value), { ...options, dtype })
}

/** Zeros with `x`'s shape, dtype and backend, like `torch.zeros_like`. */
export function zerosLike(x: Tensor, options?: CreationOptions): Tensor {
  return filled('zerosLike', x.shape, 0, options, x)
}

/** Ones with `x`'s shape, dtype and backend, like `torch.ones_like`. */
export function onesLike(x: Tensor, options?: CreationOptions): Tensor {
  return filled('onesLike', x.shape, 1, options, x)
}

/** `value` everywhere, with `x`'s shape, dtype and backend, like `torch.full_like`. */
export function fullLike(x: Tensor, value: number, options?: CreationOptions): Tensor {
  return filled('fullLike', x.shape, value, options, x)
}
