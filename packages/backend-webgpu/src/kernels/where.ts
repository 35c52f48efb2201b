import { numel } from '@othergrad/core/backend'
import type { Shape, Storage, TensorInfo } from '@othergrad/core/backend'
import { broadcastStrides, collapse } from '@othergrad/kernels-js'
import { WORKGROUP } from '../shaders/common'
import { whereShader } from '../shaders/where'
import { gpuDType } from '../storage'
import { bind, operand, type GpuStore } from '../store'

/** Selects from `a` where `cond` is true, else from `b`, all broadcast to `outShape`. */
export function where(
  store: GpuStore,
  cond: TensorInfo,
  a: TensorInfo,
  b: TensorInfo,
  outShape: Shape,
): Storage {
  gpuDType(store.name, a.dtype)
  const n = numel(outShape)
  const out = store.alloc(n)
  if (n === 0) return out
  const { shape, strides } = collapse(outShape, [
    broadcastStrides(cond.shape, outShape),
    broadcastStrides(a.shape, outShape),
    broadcastStrides(b.shape, outShape),
  ])
  const { groups, span } = store.rt.grid(n, WORKGROUP)
  store.rt.dispatch(
    whereShader(shape.length),
    [n, span, ...shape, ...strides[0], ...strides[1], ...strides[2]],
    [operand(cond), operand(a), operand(b), bind(out)],
    groups,
  )
  return out
}
