import type { CreationOptions } from '@othergrad/core'

/** Where a layer's parameters live, like PyTorch's `dtype=` / `device=` factory arguments. */
export interface FactoryOptions {
  /** Parameter dtype, `float32` (default) or `float64`. */
  dtype?: 'float32' | 'float64'
  /** Backend name; defaults to the active backend. */
  backend?: string
}

export function creation(options: FactoryOptions): CreationOptions {
  const out: CreationOptions = { dtype: options.dtype ?? 'float32' }
  if (options.backend !== undefined) out.backend = options.backend
  return out
}
