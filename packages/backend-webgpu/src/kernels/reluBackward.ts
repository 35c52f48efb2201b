import { numel } from '@othergrad/core/backend'
import type { Storage, TensorInfo } from '@othergrad/core/backend'
import { WORKGROUP } from '../shaders/common'
import { reluBackwardShader } from '../shaders/reluBackward'
import { gpuDType } from '../storage'
import { bind, operand, type GpuStore } from '../store'

/** Gradient of relu from its output `y`. */
export function reluBackward(store: GpuStore, dy: TensorInfo, y: TensorInfo): Storage {
  const dtype = gpuDType(store.name, dy.dtype)
  const n = numel(dy.shape)
  const out = store.alloc(n)
  if (n === 0) return out
  const { groups, span } = store.rt.grid(n, WORKGROUP)
  store.rt.dispatch(
    reluBackwardShader(dtype),
    [n, span],
    [operand(dy), operand(y), bind(out)],
    groups,
  )
  return out
}
