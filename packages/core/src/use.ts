import type { Backend } from './backend/backend'
import { registerBackend } from './backend/registry'
import { registerKernel, type OpKernel } from './op'

/** An operator package's kernels, handed to `use()`: one entry per (op, backend). */
export interface OpPackage {
  readonly kind: 'ops'
  readonly kernels: readonly { op: string; backend: string; kernel: OpKernel<never> }[]
}

function isOpPackage(value: Backend | OpPackage): value is OpPackage {
  return (value as OpPackage).kind === 'ops'
}

/**
 * Registers a backend or an operator package's kernels.
 *
 * @example
 * use(cpuBackend())
 * use(softplusOps())
 */
export function use(item: Backend | OpPackage): void {
  if (isOpPackage(item)) {
    for (const { op, backend, kernel } of item.kernels) registerKernel(op, backend, kernel)
  } else {
    registerBackend(item)
  }
}
