import { numel } from '@othergrad/core/backend'
import type { BinaryOp, Shape, Storage, TensorInfo } from '@othergrad/core/backend'
import { broadcastStrides, collapse } from '@othergrad/kernels-js'
import { WORKGROUP } from '../shaders/common'
import { binaryShader } from '../shaders/binary'
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
  store.rt.dispatch(
    binaryShader(op, dtype, shape.length),
    [n, span, ...shape, ...strides[0], ...strides[1]],
    [operand(a), operand(b), bind(out)],
    groups,
  )
  return out
}
