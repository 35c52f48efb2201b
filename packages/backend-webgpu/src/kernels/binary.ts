import { int32OverflowError, numel } from '@othergrad/core/backend'
import type {
  BinaryOp,
  Int32ArithmeticOp,
  Shape,
  Storage,
  TensorInfo,
} from '@othergrad/core/backend'
import { broadcastStrides, collapse } from '@othergrad/kernels-js'
import { WORKGROUP } from '../shaders/common'
import { binaryChecks, binaryShader } from '../shaders/binary'
import { gpuDType } from '../storage'
import { bind, operand, type GpuStore } from '../store'

/** Elementwise binary kernel with broadcasting; dims are collapsed first, so most calls are rank 1. */
export function binary(
  store: GpuStore,
  op: BinaryOp,
  a: TensorInfo,
  b: TensorInfo,
  outShape: Shape,
): Storage {
  const dtype = gpuDType(store.name, a.dtype)
  const n = numel(outShape)
  const out = store.alloc(n)
  if (n === 0) return out
  const { shape, strides } = collapse(outShape, [
    broadcastStrides(a.shape, outShape),
    broadcastStrides(b.shape, outShape),
  ])
  const { groups, span } = store.rt.grid(n, WORKGROUP)
  const params = [n, span, ...shape, ...strides[0], ...strides[1]]
  const bindings = [operand(a), operand(b), bind(out)]
  // int32 arithmetic never wraps: a result outside int32 is flagged on the device and raised at
  // the next read, naming the first element's operands.
  if (binaryChecks(op, dtype)) {
    const check = store.rt.deviceCheck(
      (_, lo, hi) => int32OverflowError(op as Int32ArithmeticOp, lo | 0, hi | 0).message,
    )
    params.push(check.id)
    bindings.push(check.flag)
  }
  store.rt.dispatch(binaryShader(op, dtype, shape.length), params, bindings, groups)
  return out
}
