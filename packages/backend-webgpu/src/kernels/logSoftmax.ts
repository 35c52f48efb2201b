import { numel } from '@othergrad/core/backend'
import type { Storage, TensorInfo } from '@othergrad/core/backend'
import { WORKGROUP } from '../shaders/common'
import { logSoftmaxShader, type RowOp } from '../shaders/logSoftmax'
import { gpuDType } from '../storage'
import { bind, operand, type GpuStore } from '../store'

/** Rows at least this long get a workgroup each; shorter ones one invocation each. */
const COOPERATIVE_LENGTH = 128

function rowOp(store: GpuStore, op: RowOp, inputs: readonly TensorInfo[]): Storage {
  const x = inputs[0]
  gpuDType(store.name, x.dtype)
  const size = numel(x.shape)
  const out = store.alloc(size)
  const n = x.shape.length === 0 ? 1 : x.shape[x.shape.length - 1]
  if (size === 0 || n === 0) return out
  const rows = size / n
  const cooperative = n >= COOPERATIVE_LENGTH
  const { groups, span } = store.rt.grid(rows, cooperative ? 1 : WORKGROUP)
  store.rt.dispatch(
    logSoftmaxShader(op, cooperative),
    [rows, span, n],
    [...inputs.map(operand), bind(out)],
    groups,
  )
  return out
}

/** Log-softmax along the last axis. */
export function logSoftmax(store: GpuStore, x: TensorInfo): Storage {
  return rowOp(store, 'logSoftmax', [x])
}

/** Gradient of log-softmax along the last axis, from its output `y`. */
export function logSoftmaxBackward(store: GpuStore, dy: TensorInfo, y: TensorInfo): Storage {
  return rowOp(store, 'logSoftmaxBackward', [dy, y])
}
