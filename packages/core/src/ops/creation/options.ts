import type { Backend } from '../../backend/backend'
import { findBackend, getBackend } from '../../backend/registry'
import { checkOptionKeys, checkShapeArg, describeValue, fail, failIntegerValue } from '../../check'
import { maybeCollect } from '../../collector'
import {
  allocArray,
  convertArray,
  dtypeFromName,
  DTYPE_NAMES,
  integerRange,
  type DataArray,
  type DType,
  type DTypeName,
} from '../../dtype'
import type { Shape } from '../../shape'
import { Tensor } from '../../tensor'

/** Options every creation function takes. */
export interface CreationOptions {
  /** float32 by default; `'int64'` and `'long'` create int32 tensors (values must fit, see DType). */
  dtype?: DTypeName
  requiresGrad?: boolean
  /** Backend name; defaults to the active backend. */
  backend?: string
}

export function resolveBackend(options: CreationOptions | undefined): Backend {
  return options?.backend ? findBackend(options.backend) : getBackend()
}

const CREATION_KEYS = ['dtype', 'requiresGrad', 'backend'] as const
const TENSOR_KEYS = [...CREATION_KEYS, 'shape'] as const

/**
 * The dtype `options` ask for (or `fallback`), after checking the options themselves: known keys
 * only (`shape` only for `tensor`), a boolean `requiresGrad` and a string `backend`.
 */
export function resolveDType(
  op: string,
  options: CreationOptions | undefined,
  fallback: DType = 'float32',
): DType {
  checkOptionKeys(op, options, op === 'tensor' ? TENSOR_KEYS : CREATION_KEYS)
  const { requiresGrad, backend } = options ?? {}
  if (requiresGrad !== undefined && typeof requiresGrad !== 'boolean') {
    fail(op, `requiresGrad must be a boolean, got ${describeValue(requiresGrad)}`)
  }
  if (backend !== undefined && typeof backend !== 'string') {
    fail(op, `backend must be a backend name, got ${describeValue(backend)}`)
  }
  const name = options?.dtype ?? fallback
  const dtype = dtypeFromName(name)
  if (dtype === undefined) fail(op, `unknown dtype '${String(name)}'; expected ${DTYPE_NAMES}`)
  return dtype
}

/**
 * JS numbers as a host array of `dtype`: `values` itself when it already is one (callers hand it
 * to `backend.write`, which copies), else a converted copy. Integer dtypes truncate toward zero
 * and never wrap: NaN, ±Infinity and values outside the dtype's range raise, naming the first one.
 */
export function hostArray(op: string, values: ArrayLike<number>, dtype: DType): DataArray {
  const own = allocArray(dtype, 0).constructor
  // An array of exactly the dtype's own type needs neither conversion nor checks, nor a copy:
  // backend.write copies it (a training loop's batch is not copied twice).
  if (dtype !== 'bool' && values.constructor === own) return values as DataArray
  const range = integerRange(dtype)
  if (range === undefined || values instanceof own) return convertArray(values, dtype)
  const [lo, hi] = range
  const out = allocArray(dtype, values.length)
  for (let i = 0; i < values.length; i++) {
    const v = Math.trunc(values[i])
    if (!(v >= lo && v <= hi)) {
      failIntegerValue(op, values[i], dtype, 'value', values.length > 1 ? ` (index ${i})` : '')
    }
    out[i] = v
  }
  return out
}

export function shapeArg(op: string, shape: readonly number[] | number): number[] {
  // Anything but a number or an array reaches checkShapeArg as is, which names it.
  const out = typeof shape === 'number' ? [shape] : Array.isArray(shape) ? [...shape] : shape

  checkShapeArg(op, out)
  return out as number[]
}

/** Writes host values to the chosen backend as a leaf tensor, applying `requiresGrad`. */
export function fromHost(
  values: DataArray,
  shape: Shape,
  dtype: DType,
  options: CreationOptions | undefined,
): Tensor {
  // Creation allocates as an op does, and a loop may make tensors without running any op.
  maybeCollect()
  const backend = resolveBackend(options)
  const t = Tensor.fromStorage(backend, backend.write(values, dtype), shape, dtype)
  if (options?.requiresGrad) t.requiresGrad = true
  return t
}
