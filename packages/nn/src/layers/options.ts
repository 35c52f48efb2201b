import { checkOptionKeys, type CreationOptions } from '@othergrad/core'

/** Where a layer's parameters live, like PyTorch's `dtype=` / `device=` factory arguments. */
export interface FactoryOptions {
  /** Parameter dtype, `float32` (default) or `float64`. */
  dtype?: 'float32' | 'float64'
  /** Backend name; defaults to the active backend. */
  backend?: string
}

/** The keys every layer with parameters accepts, besides its own. */
export const FACTORY_KEYS = ['dtype', 'backend'] as const

/**
 * Checks a layer's options: known keys only (`own` plus dtype and backend), and a float dtype.
 */
export function checkLayerOptions(
  layer: string,
  options: FactoryOptions,
  own: readonly string[] = [],
): void {
  checkOptionKeys(layer, options, [...own, ...FACTORY_KEYS])
  const { dtype } = options
  if (dtype !== undefined && dtype !== 'float32' && dtype !== 'float64') {
    throw new Error(`${layer}: parameters must be float32 or float64, got dtype '${String(dtype)}'`)
  }
}

export function creation(options: FactoryOptions): CreationOptions {
  const out: CreationOptions = { dtype: options.dtype ?? 'float32' }
  if (options.backend !== undefined) out.backend = options.backend
  return out
}
