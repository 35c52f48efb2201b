import { numel } from '@othergrad/core/backend'
import type { ScalarBinaryOp, Shape, Storage, TensorInfo } from '@othergrad/core/backend'
import { valuesOf } from '../storage'
import type { CpuStore } from '../storage'
import { binaryImpl } from './binary'

const SCALAR: Shape = []
// One-element operands the scalar is written into: `binaryImpl` then runs exactly as it does
// against a 0-d tensor, without making one.
const F32 = new Float32Array(1)
const F64 = new Float64Array(1)

/** `op(a, value)` for a float tensor and a number already rounded to its dtype. */
export function binaryScalar(
  store: CpuStore,
  op: ScalarBinaryOp,
  a: TensorInfo,
  value: number,
): Storage {
  const size = numel(a.shape)
  const out = store.alloc(a.dtype, size)
  if (size === 0) return out
  const b = a.dtype === 'float32' ? F32 : F64
  b[0] = value
  binaryImpl(op, a.dtype, valuesOf(a), a.shape, b, SCALAR, out.values, a.shape)
  return out
}
