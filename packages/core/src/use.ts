import type { Backend } from './backend/backend'
import { usePackage, type OpPackage } from './backend/packages'
import { registerBackend } from './backend/registry'

function isOpPackage(value: Backend | OpPackage): value is OpPackage {
  return (value as Partial<OpPackage>)?.kind === 'ops'
}

/**
 * Registers a backend or an operator package. A package's kernels go to every backend of the
 * kind they target (one created under another name too), now and when backends are registered
 * later, and its Tensor methods are installed. `await ready()` (or `setBackend`) waits for
 * backends and package kernels that set up asynchronously.
 *
 * @example
 * use(cpuBackend())
 * use(softplusOps())
 * await setBackend('cpu')
 */
export function use(item: Backend | OpPackage): void {
  if (isOpPackage(item)) usePackage(item)
  else registerBackend(item)
}
