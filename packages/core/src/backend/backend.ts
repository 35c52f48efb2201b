import type { StorageOps } from './kernels'
import type { KernelTable } from './kernelTable'

/**
 * A kernel backend: storage plus a table of kernels by op. A backend package exports a factory
 * (`cpuBackend()`), the user registers it with `use()` and selects it with
 * `await setBackend(name)`. `init` runs once, before the backend can be used; the kernels
 * operator packages ship for the backend's `kind` are added to its table after that.
 */
export interface Backend extends StorageOps {
  /** The name it registers under and shows in errors (`'cpu'`, or `'ref'` for a second one). */
  readonly name: string
  /** What kind of backend it is (`'cpu'`, `'wasm'`, `'webgpu'`): packages ship kernels per kind. */
  readonly kind: string
  /** Async setup (compiling WASM, requesting a GPU device); awaited once by `setBackend`. */
  init?(): Promise<void>
  /** Resolves when queued work has finished (GPU backends); absent on synchronous ones. */
  sync?(): Promise<void>
  /** Its kernels by op name: core's primitives, fused kernels, and those packages add. */
  readonly kernels: KernelTable
  /**
   * What a package kernel for this backend's kind is made with (typed arrays on cpu; memory,
   * allocator and modules on wasm; device and dispatch on webgpu), handed to `KernelSpec.create`
   * once the backend is initialised. Each backend package exports its type.
   */
  readonly kernelApi?: object
}
