import { check, fail } from '../../check'
import { allocArray, integerRange, isFloating } from '../../dtype'
import { normal, randomInt, uniformFloat32, uniformFloat64 } from '../../random'
import { numel } from '../../shape'
import type { Tensor } from '../../tensor'
import { fromHost, resolveDType, shapeArg, type CreationOptions } from './options'

/** Host values drawn from U[from, to), as PyTorch's `uniform_` draws them. */
export function uniformValues(
  size: number,
  from: number,
  to: number,
  dtype: 'float32' | 'float64',
): Float32Array | Float64Array {
  const values = allocArray(dtype, size)
  const draw = dtype === 'float32' ? uniformFloat32 : uniformFloat64
  for (let i = 0; i < size; i++) values[i] = draw(from, to)
  return values
}

/** Host values drawn from N(mean, std²). */
export function normalValues(
  size: number,
  mean: number,
  std: number,
  dtype: 'float32' | 'float64',
): Float32Array | Float64Array {
  const values = allocArray(dtype, size)
  for (let i = 0; i < size; i++) values[i] = normal() * std + mean
  return values
}

function floatDType(op: string, options: CreationOptions | undefined): 'float32' | 'float64' {
  const dtype = resolveDType(op, options)
  check(isFloating(dtype), op, () => `expected a floating point dtype, got ${dtype}`)
  return dtype as 'float32' | 'float64'
}

/**
 * Uniform samples from [0, 1), like `torch.rand`; `manualSeed` makes them repeatable.
 *
 * @example
 * manualSeed(0)
 * const noise = rand([2, 3])
 */
export function rand(shape: readonly number[] | number, options?: CreationOptions): Tensor {
  const dims = shapeArg('rand', shape)
  const dtype = floatDType('rand', options)
  return fromHost(uniformValues(numel(dims), 0, 1, dtype), dims, dtype, options)
}

/** Standard normal samples, like `torch.randn`. */
export function randn(shape: readonly number[] | number, options?: CreationOptions): Tensor {
  const dims = shapeArg('randn', shape)
  const dtype = floatDType('randn', options)
  return fromHost(normalValues(numel(dims), 0, 1, dtype), dims, dtype, options)
}

/**
 * Integers uniform in [low, high), int32 by default, like `torch.randint`. The bounds must fit an
 * integer dtype (`randint(0, 2 ** 40, ...)` raises for int32 instead of wrapping).
 */
export function randint(
  low: number,
  high: number,
  shape: readonly number[] | number,
  options?: CreationOptions,
): Tensor {
  check(
    Number.isInteger(low) && Number.isInteger(high) && high > low,
    'randint',
    () => `random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}`,
  )
  const dims = shapeArg('randint', shape)
  const dtype = resolveDType('randint', options, 'int32')
  const range = integerRange(dtype)
  if (range !== undefined && (low < range[0] || high - 1 > range[1])) {
    fail(
      'randint',
      `[${low}, ${high}) is out of range for ${dtype} (low must be at least ${range[0]} and high at most ${range[1] + 1}` +
        `${dtype === 'int32' ? "; othergrad's int64 is int32 and never wraps" : ''})`,
    )
  }
  const values = allocArray(dtype, numel(dims))
  for (let i = 0; i < values.length; i++) values[i] = randomInt(low, high)
  return fromHost(values, dims, dtype, options)
}

/** Uniform samples shaped like `x`, like `torch.rand_like`. */
export function randLike(x: Tensor, options?: CreationOptions): Tensor {
  return rand(x.shape, { dtype: x.dtype, backend: x.backend.name, ...options })
}

/** Normal samples shaped like `x`, like `torch.randn_like`. */
export function randnLike(x: Tensor, options?: CreationOptions): Tensor {
  return randn(x.shape, { dtype: x.dtype, backend: x.backend.name, ...options })
}
