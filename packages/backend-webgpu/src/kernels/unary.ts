import { numel } from '@othergrad/core/backend'
import type { Storage, TensorInfo, UnaryOp } from '@othergrad/core/backend'
import { WORKGROUP } from '../shaders/common'
import { unaryShader } from '../shaders/unary'
import { gpuDType } from '../storage'
import { bind, operand, type GpuStore } from '../store'

/** Elementwise unary kernel: same dtype out, except `logicalNot` (bool). */
export function unary(store: GpuStore, op: UnaryOp, x: TensorInfo): Storage {
  const dtype = gpuDType(store.name, x.dtype)
  const n = numel(x.shape)
  const out = store.alloc(n)
  if (n === 0) return out
  const { groups, span } = store.rt.grid(n, WORKGROUP)
  store.rt.dispatch(unaryShader(op, dtype), [n, span], [operand(x), bind(out)], groups)
  return out
}
