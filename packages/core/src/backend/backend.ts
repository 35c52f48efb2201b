import type { FusedKernels, PrimitiveKernels, StorageOps } from './kernels'

/**
 * A kernel backend: storage plus the primitive kernels, plus optional fused kernels for hot paths.
 * A backend package exports a factory (`cpuBackend()`), the user registers it with `use()` and
 * selects it with `await setBackend(name)`. `init` runs once, before the backend can be used.
 */
export interface Backend extends StorageOps, PrimitiveKernels {
  readonly name: string
  /** Async setup (compiling WASM, requesting a GPU device); awaited once by `setBackend`. */
  init?(): Promise<void>
  /** Resolves when queued work has finished (GPU backends); absent on synchronous ones. */
  sync?(): Promise<void>
  fused?: Partial<FusedKernels>
}
