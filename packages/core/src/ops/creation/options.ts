import type { Backend } from '../../backend/backend'
import { findBackend, getBackend } from '../../backend/registry'
import { checkShapeArg, fail } from '../../check'
import { isDType, type DataArray, type DType } from '../../dtype'
import type { Shape } from '../../shape'
import { Tensor } from '../../tensor'

/** Options every creation function takes. */
export interface CreationOptions {
  dtype?: DType
  requiresGrad?: boolean
  /** Backend name; defaults to the active backend. */
  backend?: string
}

export function resolveBackend(options: CreationOptions | undefined): Backend {
  return options?.backend ? findBackend(options.backend) : getBackend()
}

export function resolveDType(
  op: string,
  options: CreationOptions | undefined,
  fallback: DType = 'float32',
): DType {
  const dtype = options?.dtype ?? fallback
  if (!isDType(dtype))
    fail(op, `unknown dtype '${String(dtype)}'; expected float32, float64, int32 or bool`)
  return dtype
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
  const backend = resolveBackend(options)
  const t = Tensor.fromStorage(backend, backend.write(values, dtype), shape, dtype)
  if (options?.requiresGrad) t.requiresGrad = true
  return t
}
