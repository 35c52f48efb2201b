import type { OpPackage } from '@othergrad/core'
import { PACKAGE, type GeluOptions } from './gelu'
import { geluCpu } from './kernels/cpu/gelu'
import { geluWasm } from './kernels/wasm/gelu'
import { geluWebgpu } from './kernels/webgpu/gelu'
import { geluMethods } from './methods'

// The method's type lives in the entry file: the .d.ts bundler drops a `declare module` block
// from a file none of whose types are exported, which would leave users without `x.gelu()`.
declare module '@othergrad/core' {
  interface Tensor {
    /** `gelu(this, options)`, once `use(geluOps())` has run; see `gelu`. */
    gelu(options?: GeluOptions): Tensor
  }
}

export { gelu } from './gelu'
export type { GeluAttrs, GeluOptions } from './gelu'

/**
 * The package for `use()`: the gelu and geluBackward kernels for every backend kind, and
 * `x.gelu()`. Nothing is installed by importing this package; without `use(geluOps())`,
 * `gelu(x)` fails with "no kernel" and `x.gelu` does not exist.
 *
 * @example
 * use(cpuBackend())
 * use(geluOps())
 * await setBackend('cpu')
 * x.gelu({ approximate: 'tanh' })
 */
export function geluOps(): OpPackage {
  return {
    kind: 'ops',
    name: PACKAGE,
    kernels: [...geluCpu, ...geluWasm, ...geluWebgpu],
    methods: geluMethods,
  }
}
