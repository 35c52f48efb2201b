import type { CreationOptions } from '@othergrad/core'
import type { FactoryOptions } from '@othergrad/nn'

/** `dtype` / `backend` of a layer's parameters as creation options (float32 by default). */
export function creation(options: FactoryOptions): CreationOptions {
  const out: CreationOptions = { dtype: options.dtype ?? 'float32' }
  if (options.backend !== undefined) out.backend = options.backend
  return out
}

/** PyTorch's spelling of a pair or a flag in a module's description. */
export function pyPair(p: readonly number[]): string {
  return `(${p.join(', ')})`
}
