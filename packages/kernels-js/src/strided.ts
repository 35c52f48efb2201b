import { stridesOf } from '@othergrad/core/backend'
import type { TensorInfo } from '@othergrad/core/backend'

/** Where a kernel operand's elements are: its strides and offset, row-major from 0 by default. */
export function placementOf(x: TensorInfo): { strides: readonly number[]; offset: number } {
  return { strides: x.strides ?? stridesOf(x.shape), offset: x.offset ?? 0 }
}

/** Whether an operand is read row-major from element 0 (no strides given, or plain ones). */
export function isPlainOperand(x: TensorInfo): boolean {
  if (x.strides === undefined) return (x.offset ?? 0) === 0
  if ((x.offset ?? 0) !== 0) return false
  let expected = 1
  for (let d = x.shape.length - 1; d >= 0; d--) {
    if (x.shape[d] !== 1 && x.strides[d] !== expected) return false
    expected *= x.shape[d]
  }
  return true
}

/**
 * Element strides for reading the view `x` broadcast to `outShape`: its own strides, and 0 on
 * broadcast dims (leading ones it lacks, and its size-1 dims that the output widens).
 */
export function viewBroadcastStrides(x: TensorInfo, outShape: readonly number[]): number[] {
  const own = x.strides ?? stridesOf(x.shape)
  const lead = outShape.length - x.shape.length
  return outShape.map((d, i) =>
    i < lead || (x.shape[i - lead] === 1 && d !== 1) ? 0 : own[i - lead],
  )
}
