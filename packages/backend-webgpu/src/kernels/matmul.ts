import { numel } from '@othergrad/core/backend'
import type { MatmulAttrs, Shape, Storage, TensorInfo } from '@othergrad/core/backend'
import { broadcastStrides, collapse } from '@othergrad/kernels-js'
import type { Binding, GpuRuntime } from '../runtime'
import { WORKGROUP } from '../shaders/common'
import { matmulPlainShader, matmulTiledShader, type MatmulConsts } from '../shaders/matmul'
import { gpuDType, type GpuDType } from '../storage'
import { bind, operand, type GpuStore } from '../store'

/** Which kernel runs a product: `auto` picks by size; the others are for tests and benchmarks. */
export type MatmulPath = 'auto' | 'tiled' | 'plain'

/** Outputs and depth below which the plain kernel beats a tile that would be mostly padding. */
const TILED_MIN_SIDE = 16
const TILED_MIN_WORK = 16 * 16 * 16

/** The workgroup edge and k-slice depth the device's limits allow for the tiled kernel. */
export function tileFor(rt: GpuRuntime): { threads: number; depth: number } {
  const l = rt.limits
  for (const threads of [16, 8]) {
    const depth = 16
    const shared = 2 * depth * threads * 4 * 4
    if (
      threads * threads <= l.maxComputeInvocationsPerWorkgroup &&
      threads <= l.maxComputeWorkgroupSizeX &&
      threads <= l.maxComputeWorkgroupSizeY &&
      shared <= l.maxComputeWorkgroupStorageSize
    ) {
      return { threads, depth }
    }
  }
  return { threads: 4, depth: 8 }
}

export interface MatmulProblem {
  dtype: GpuDType
  attrs: MatmulAttrs
  /** Stored shapes of `a` and `b` (same rank ≥ 2) and the output's `[...batch, m, n]`. */
  aShape: Shape
  bShape: Shape
  outShape: Shape
}

/**
 * Records `out = op(a) · op(b) (+ bias)` for every batch. Batch dims broadcast through zero
 * strides, never copies, and are collapsed first so most calls have one batch dim or none.
 */
export function recordMatmul(
  rt: GpuRuntime,
  p: MatmulProblem,
  a: Binding,
  b: Binding,
  bias: Binding | null,
  out: Binding,
  path: MatmulPath = 'auto',
): void {
  const { aShape, bShape, outShape, attrs } = p
  const rank = outShape.length
  const m = outShape[rank - 2]
  const n = outShape[rank - 1]
  const k = attrs.transposeA ? aShape[rank - 2] : aShape[rank - 1]
  const batchShape = outShape.slice(0, rank - 2)
  const batches = numel(batchShape)
  const aMat = aShape[rank - 2] * aShape[rank - 1]
  const bMat = bShape[rank - 2] * bShape[rank - 1]
  const layout = collapse(batchShape, [
    broadcastStrides(aShape.slice(0, rank - 2), batchShape).map((s) => s * aMat),
    broadcastStrides(bShape.slice(0, rank - 2), batchShape).map((s) => s * bMat),
  ])
  const batchParams = [...layout.shape, ...layout.strides[0], ...layout.strides[1]]
  const consts: MatmulConsts = {
    dtype: p.dtype,
    transposeA: attrs.transposeA,
    transposeB: attrs.transposeB,
    batchRank: layout.shape.length,
    bias: bias !== null,
  }
  const bindings = bias === null ? [a, b, out] : [a, b, bias, out]
  const tiled =
    path === 'tiled' ||
    (path === 'auto' && m >= TILED_MIN_SIDE && n >= TILED_MIN_SIDE && m * n * k >= TILED_MIN_WORK)
  if (!tiled) {
    const total = batches * m * n
    const { groups, span } = rt.grid(total, WORKGROUP)
    rt.dispatch(matmulPlainShader(consts), [total, span, m, n, k, ...batchParams], bindings, groups)
    return
  }
  const { threads, depth } = tileFor(rt)
  const tile = threads * 4
  const shader = matmulTiledShader({ ...consts, threads, depth })
  const maxZ = rt.limits.maxComputeWorkgroupsPerDimension
  // One z layer per batch; batches beyond the z limit go in further dispatches.
  for (let first = 0; first < batches; first += maxZ) {
    const groups: [number, number, number] = [
      Math.ceil(n / tile),
      Math.ceil(m / tile),
      Math.min(maxZ, batches - first),
    ]
    rt.dispatch(shader, [m, n, k, first, ...batchParams], bindings, groups)
  }
}

/** Batched matmul with transpose flags. */
export function matmul(
  store: GpuStore,
  a: TensorInfo,
  b: TensorInfo,
  attrs: MatmulAttrs,
  outShape: Shape,
  path: MatmulPath = 'auto',
): Storage {
  const dtype = gpuDType(store.name, a.dtype)
  const out = store.alloc(numel(outShape))
  if (out.size === 0) return out
  const problem = { dtype, attrs, aShape: a.shape, bShape: b.shape, outShape }
  recordMatmul(store.rt, problem, operand(a), operand(b), null, bind(out), path)
  return out
}
