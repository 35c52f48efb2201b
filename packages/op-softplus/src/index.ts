import type { OpKernel, OpPackage } from '@othergrad/core'
import { softplusCpu } from './kernels/cpu/softplus'
import './methods'

export { softplus } from './softplus'
export type { SoftplusAttrs } from './softplus'

/**
 * The package's kernels for `use()`. Without it softplus still runs everywhere, as a composite.
 *
 * @example
 * use(softplusOps())
 */
export function softplusOps(): OpPackage {
  return {
    kind: 'ops',
    kernels: [{ op: 'softplus', backend: 'cpu', kernel: softplusCpu as OpKernel<never> }],
  }
}
