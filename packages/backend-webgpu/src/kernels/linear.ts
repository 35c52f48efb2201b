import { numel } from '@othergrad/core/backend'
import type { Storage, TensorInfo } from '@othergrad/core/backend'
import { gpuDType } from '../storage'
import { bind, operand, type GpuStore } from '../store'
import { binary } from './binary'
import { recordMatmul, type MatmulPath } from './matmul'

const TRANSPOSE_B = { transposeA: false, transposeB: true } as const

/**
 * Fused `x @ w^T + b`: the matmul kernel reads `w` transposed in place and adds the bias as it
 * writes each output. Leading dims of `x` are rows. A device with fewer than four storage
 * buffers per stage gets the matmul and a broadcast add instead.
 */
export function linear(
  store: GpuStore,
  x: TensorInfo,
  weight: TensorInfo,
  bias: TensorInfo | null,
  path: MatmulPath = 'auto',
): Storage {
  const dtype = gpuDType(store.name, x.dtype)
  const inF = x.shape[x.shape.length - 1]
  const outF = weight.shape[0]
  const rows = numel(x.shape.slice(0, -1))
  const out = store.alloc(rows * outF)
  if (out.size === 0) return out
  const fused = bias !== null && store.rt.limits.maxStorageBuffersPerShaderStage >= 4
  const problem = {
    dtype,
    attrs: TRANSPOSE_B,
    aShape: [rows, inF],
    bShape: [outF, inF],
    outShape: [rows, outF],
  }
  const biasBinding = fused ? operand(bias) : null
  recordMatmul(store.rt, problem, operand(x), operand(weight), biasBinding, bind(out), path)
  if (bias === null || fused) return out
  const product = { storage: out, shape: [rows, outF], dtype: x.dtype }
  const sum = binary(store, 'add', product, bias, [rows, outF])
  store.dispose(out)
  return sum
}
