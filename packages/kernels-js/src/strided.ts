import { stridesOf } from '@othergrad/core/backend'
import type { TensorInfo } from '@othergrad/core/backend'

/** Where a kernel operand's elements are: its strides and offset, row-major from 0 by default. */
export function placementOf(x: TensorInfo): { strides: readonly number[]; offset: number } {
  return { strides: x.strides ?? stridesOf(x.shape), offset: x.offset ?? 0 }
}
