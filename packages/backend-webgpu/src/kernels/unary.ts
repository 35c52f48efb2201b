import { int32OverflowError, numel } from '@othergrad/core/backend'
import type { Int32ArithmeticOp, Storage, TensorInfo, UnaryOp } from '@othergrad/core/backend'
import { WORKGROUP } from '../shaders/common'
import { unaryChecks, unaryShader } from '../shaders/unary'
import { gpuDType } from '../storage'
import { bind, operand, type GpuStore } from '../store'

/** Elementwise unary kernel: same dtype out, except `logicalNot` (bool). */
export function unary(store: GpuStore, op: UnaryOp, x: TensorInfo): Storage {
  const dtype = gpuDType(store.name, x.dtype)
  const n = numel(x.shape)
  const out = store.alloc(n)
  if (n === 0) return out
  const { groups, span } = store.rt.grid(n, WORKGROUP)
  const params = [n, span]
  const bindings = [operand(x), bind(out)]
  // int32 neg/abs/square never wrap: a result outside int32 is flagged on the device and raised
  // at the next read.
  if (unaryChecks(op, dtype)) {
    const check = store.rt.deviceCheck(
      (_, lo) => int32OverflowError(op as Int32ArithmeticOp, lo | 0).message,
    )
    params.push(check.id)
    bindings.push(check.flag)
  }
  store.rt.dispatch(unaryShader(op, dtype), params, bindings, groups)
  return out
}
