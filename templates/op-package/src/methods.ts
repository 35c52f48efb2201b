import type { Tensor, TensorMethods } from '@othergrad/core'
import { gelu, type GeluOptions } from './gelu'

/** The Tensor methods `use(geluOps())` installs (their types: the `declare module` in index.ts). */
export const geluMethods: TensorMethods = {
  gelu(this: Tensor, options?: GeluOptions): Tensor {
    return gelu(this, options)
  },
}
