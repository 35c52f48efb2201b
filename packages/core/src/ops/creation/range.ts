import {
  check,
  checkedValue,
  checkElementCount,
  fail,
  failTooLarge,
  MAX_ELEMENTS,
} from '../../check'
import { allocArray } from '../../dtype'
import type { Tensor } from '../../tensor'
import { fromHost, resolveDType, type CreationOptions } from './options'

/**
 * Values `start, start + step, ...` below `end`, like `torch.arange`; `arange(5)` counts 0..4.
 * Integer arguments give int32 (JS numbers cannot mark a float), otherwise float32. An integer
 * range must fit its dtype: `arange(2 ** 31 - 1, 2 ** 31 + 2)` raises instead of wrapping.
 */
export function arange(start: number, end?: number, step = 1, options?: CreationOptions): Tensor {
  const [from, to] = end === undefined ? [0, start] : [start, end]
  check(
    [from, to, step].every((v) => typeof v === 'number' && !Number.isNaN(v)) &&
      Number.isFinite(from) &&
      Number.isFinite(step),
    'arange',
    () => `unsupported range: start ${from}, end ${to}, step ${step} (expected finite numbers)`,
  )
  check(step !== 0, 'arange', () => 'step must be nonzero')
  check(
    (to - from) / step >= 0 || from === to,
    'arange',
    () =>
      `upper bound and larger bound inconsistent with step sign (start ${from}, end ${to}, step ${step})`,
  )
  const allInts = [from, to, step].every(Number.isInteger)
  const dtype = resolveDType('arange', options, allInts ? 'int32' : 'float32')
  const n = Math.max(0, Math.ceil((to - from) / step))
  if (n > MAX_ELEMENTS) failTooLarge('arange', n, `the range [${from}, ${to}) with step ${step}`)
  if (n > 0) {
    // The extremes are the first and last values: an integer range must fit without wrapping.
    checkedValue('arange', from, dtype, 'start')
    checkedValue('arange', from + (n - 1) * step, dtype, 'last value')
  }
  const values = allocArray(dtype, n)
  for (let i = 0; i < n; i++) values[i] = from + i * step
  return fromHost(values, [n], dtype, options)
}

/** `steps` evenly spaced values from `start` to `end` inclusive, like `torch.linspace`. */
export function linspace(
  start: number,
  end: number,
  steps: number,
  options?: CreationOptions,
): Tensor {
  if (!Number.isInteger(steps) || steps < 0)
    fail('linspace', `number of steps must be non-negative, got ${steps}`)
  if (steps > MAX_ELEMENTS) failTooLarge('linspace', steps, `steps=${steps}`)
  const dtype = resolveDType('linspace', options)
  if (steps > 0) {
    checkedValue('linspace', start, dtype, 'start')
    checkedValue('linspace', end, dtype, 'end')
  }
  const values = allocArray(dtype, steps)
  const step = steps > 1 ? (end - start) / (steps - 1) : 0
  // PyTorch fills the second half from the end, so the last value is exactly `end`.
  const half = Math.floor(steps / 2)
  for (let i = 0; i < steps; i++)
    values[i] = i < half ? start + step * i : end - step * (steps - i - 1)
  return fromHost(values, [steps], dtype, options)
}

/** The identity matrix (n×m), like `torch.eye`. */
export function eye(n: number, m = n, options?: CreationOptions): Tensor {
  check(
    Number.isInteger(n) && n >= 0 && Number.isInteger(m) && m >= 0,
    'eye',
    () => `n and m must be non-negative integers, got ${n} and ${m}`,
  )
  checkElementCount('eye', [n, m])
  const dtype = resolveDType('eye', options)
  const values = allocArray(dtype, n * m)
  for (let i = 0; i < Math.min(n, m); i++) values[i * m + i] = 1
  return fromHost(values, [n, m], dtype, options)
}
