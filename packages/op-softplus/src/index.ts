import type { OpPackage } from '@othergrad/core'
import { softplusCpu } from './kernels/cpu/softplus'
import { softplusWasm } from './kernels/wasm/softplus'
import { softplusWebgpu } from './kernels/webgpu/softplus'
import { softplusMethods } from './methods'

export { softplus } from './softplus'
export type { SoftplusAttrs } from './softplus'

/**
 * The package for `use()`: its kernels (one per backend kind) and `x.softplus()`. Without it
 * `softplus(x)` still runs everywhere, as a composite, but `x.softplus()` does not exist.
 *
 * @example
 * use(softplusOps())
 * x.softplus()
 */
export function softplusOps(): OpPackage {
  return {
    kind: 'ops',
    name: '@othergrad/op-softplus',
    kernels: [softplusCpu, softplusWasm, softplusWebgpu],
    methods: softplusMethods,
  }
}
