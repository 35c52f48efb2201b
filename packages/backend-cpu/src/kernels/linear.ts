import { numel } from '@othergrad/core/backend'
import type { Storage, TensorInfo } from '@othergrad/core/backend'
import { valuesOf } from '../storage'
import type { CpuStore } from '../storage'
import { matmulImpl } from './matmul'

type FloatArray = Float32Array | Float64Array

const TRANSPOSE_B = { transposeA: false, transposeB: true } as const

/**
 * `out[n, outF] = x[n, inF] · w[outF, inF]^T + bias[outF]`: matmul reads `w` transposed in
 * place, then the bias is added to every row.
 */
export function linearImpl(
  x: FloatArray,
  n: number,
  inF: number,
  w: FloatArray,
  outF: number,
  bias: FloatArray | null,
  out: FloatArray,
): void {
  if (n * outF === 0) return
  matmulImpl(x, [n, inF], w, [outF, inF], TRANSPOSE_B, out, [n, outF])
  if (bias === null) return
  for (let r = 0, o = 0; r < n; r++, o += outF) {
    for (let j = 0; j < outF; j++) out[o + j] += bias[j]
  }
}

/** Fused `x @ w^T + b`; leading dims of `x` are treated as rows. */
export function linear(
  store: CpuStore,
  x: TensorInfo,
  weight: TensorInfo,
  bias: TensorInfo | null,
): Storage {
  const inF = x.shape[x.shape.length - 1]
  const outF = weight.shape[0]
  const n = numel(x.shape.slice(0, -1))
  const out = store.alloc(x.dtype, n * outF)
  if (out.values.length === 0) return out
  linearImpl(
    valuesOf(x) as FloatArray,
    n,
    inF,
    valuesOf(weight) as FloatArray,
    outF,
    bias === null ? null : (valuesOf(bias) as FloatArray),
    out.values as FloatArray,
  )
  return out
}
