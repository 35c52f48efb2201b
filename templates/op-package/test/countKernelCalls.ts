import { getBackend, type Kernel } from '@othergrad/core'
import { PACKAGE } from '../src/gelu'

/** The ops this package ships a kernel for, on every backend kind. */
export const KERNEL_OPS = ['gelu', 'geluBackward'] as const

/**
 * Wraps this package's kernels on the active backend with call counters, so a test can tell
 * that its own kernel ran (not something else that happens to agree). Throws when the backend
 * has no kernel from this package for an op (`use(geluOps())` missing, or another owner).
 */
export function countKernelCalls(): Record<(typeof KERNEL_OPS)[number], number> {
  const backend = getBackend()
  const counts = { gelu: 0, geluBackward: 0 }
  for (const op of KERNEL_OPS) {
    const owner = backend.kernels.ownerOf(op)
    if (owner !== PACKAGE) {
      throw new Error(`backend '${backend.name}': the '${op}' kernel is from ${owner ?? 'nobody'}`)
    }
    const kernel = backend.kernels.get(op) as Kernel<unknown>
    backend.kernels.replace<unknown>(op, (inputs, attrs, outputs) => {
      counts[op]++
      return kernel(inputs, attrs, outputs)
    })
  }
  return counts
}
