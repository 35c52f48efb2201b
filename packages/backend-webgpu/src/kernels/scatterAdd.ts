import { integerOverflowError, numel, stridesOf } from '@othergrad/core/backend'
import type { Shape, Storage, TensorInfo } from '@othergrad/core/backend'
import { WORKGROUP } from '../shaders/common'
import { scatterAddShader } from '../shaders/scatterAdd'
import { gpuDType } from '../storage'
import { bind, operand, type GpuStore } from '../store'

/** Zeros of `shape`, then `out[index[i][j]][j] += src[i][j]` for dim 0 (and likewise per dim). */
export function scatterAdd(
  store: GpuStore,
  shape: Shape,
  dim: number,
  index: TensorInfo,
  src: TensorInfo,
): Storage {
  const dtype = gpuDType(store.name, src.dtype)
  const n = numel(shape)
  const out = store.alloc(n)
  if (n === 0) return out
  const outShape = shape.length === 0 ? [1] : shape
  const indexShape = index.shape.length === 0 ? [1] : index.shape
  const srcStrides = src.shape.length === 0 ? [1] : stridesOf(src.shape)
  const { groups, span } = store.rt.grid(n, WORKGROUP)
  const params = [n, span, dim, ...outShape, ...indexShape, ...stridesOf(indexShape), ...srcStrides]
  const bindings = [operand(index), operand(src), bind(out)]
  // int32 sums fold in 64 bits and flag a result outside int32 (integers never wrap).
  if (dtype === 'int32') {
    const check = store.rt.deviceCheck(
      (value) => integerOverflowError('scatterAdd', 'int32', value, src).message,
    )
    params.push(check.id)
    bindings.push(check.flag)
  }
  store.rt.dispatch(scatterAddShader(dtype, outShape.length), params, bindings, groups)
  return out
}
