import type { ArgReduceOp, Storage, TensorInfo } from '@othergrad/core/backend'
import { splitAt } from '@othergrad/kernels-js'
import { WORKGROUP } from '../shaders/common'
import { argReduceShader } from '../shaders/argReduce'
import { gpuDType } from '../storage'
import { bind, operand, type GpuStore } from '../store'

const COOPERATIVE_LENGTH = 256
const COOPERATIVE_OUTPUTS = 4096

/** argmax/argmin along `axis` (int32, that dim removed): the first occurrence wins. */
export function argReduce(store: GpuStore, op: ArgReduceOp, x: TensorInfo, axis: number): Storage {
  const dtype = gpuDType(store.name, x.dtype)
  const [outer, n, inner] = splitAt(x.shape, axis)
  const outSize = outer * inner
  const out = store.alloc(outSize)
  if (outSize === 0) return out
  const cooperative = n >= COOPERATIVE_LENGTH && outSize < COOPERATIVE_OUTPUTS
  const { groups, span } = store.rt.grid(outSize, cooperative ? 1 : WORKGROUP)
  store.rt.dispatch(
    argReduceShader(op, dtype, cooperative),
    [outSize, span, n, inner],
    [operand(x), bind(out)],
    groups,
  )
  return out
}
