import { numel } from '@othergrad/core/backend'
import type { MatmulAttrs, Shape, Storage, TensorInfo } from '@othergrad/core/backend'
import { advance, broadcastStrides } from '@othergrad/kernels-js'
import { valuesOf } from '../storage'
import type { CpuStore } from '../storage'

type FloatArray = Float32Array | Float64Array

// Register block: a 4x4 tile of C lives in 16 locals for a whole KC-long run. Wider tiles
// measured no faster in V8 (it spills), narrower ones slower.
const MR = 4
const NR = 4
// Cache blocks: a packed MC x KC block of A (128 KiB of doubles) stays in L2 while each packed
// KC x NR strip of B (8 KiB) is reused from L1 across it.
const KC = 256
const MC = 64
// Columns of B packed at once; bounds the B scratch at NC x KC doubles (4 MiB) however wide B is.
const NC = 2048

/**
 * A packed panel: a plain array of doubles (V8's PACKED_DOUBLE_ELEMENTS), not a Float64Array.
 * Once anything in the process detaches an ArrayBuffer (a transfer to a worker, a WebAssembly
 * memory growing, tsx lexing a large CommonJS file), V8 checks for detachment on every typed
 * array access in optimized code, which made the micro-kernel's 8 loads per 16 multiply-adds
 * 30-50% slower; a plain array's loads carry no such check.
 */
type Panel = number[]

/** A zeroed panel of `size` doubles, built with double elements so that it never changes kind. */
function panel(size: number): Panel {
  const values: Panel = []
  for (let i = 0; i < size; i++) values.push(0.5)
  return values.fill(0)
}

// Packing scratch, grown on demand and reused by every call. Packed panels are always doubles,
// so the inner kernel sees one array type whatever the dtype.
let packedA = panel(0)
let packedB = panel(0)
const edgeTile = new Float64Array(MR * NR)

/**
 * Packs the `kc x nc` block of op(B) (`k x n`) at `(pc, jc)` as NR-wide strips, each `kc x NR`
 * row-major, zero-padding the last strip. Reads B in its stored order, so transposeB costs
 * nothing extra.
 */
function packB(
  b: FloatArray,
  bOff: number,
  transB: boolean,
  k: number,
  n: number,
  jc: number,
  nc: number,
  pc: number,
  kc: number,
  bp: Panel,
): void {
  for (let j0 = jc, base = 0; j0 < jc + nc; j0 += NR, base += kc * NR) {
    const nr = Math.min(NR, jc + nc - j0)
    if (!transB) {
      // B is [k, n]: each packed row is a contiguous run of B's row.
      for (let p = 0; p < kc; p++) {
        const src = bOff + (pc + p) * n + j0
        const dst = base + p * NR
        let jj = 0
        for (; jj < nr; jj++) bp[dst + jj] = b[src + jj]
        for (; jj < NR; jj++) bp[dst + jj] = 0
      }
    } else {
      // B is stored [n, k]: each strip column is a contiguous run of a stored row.
      for (let jj = 0; jj < NR; jj++) {
        if (jj < nr) {
          const src = bOff + (j0 + jj) * k + pc
          for (let p = 0; p < kc; p++) bp[base + p * NR + jj] = b[src + p]
        } else {
          for (let p = 0; p < kc; p++) bp[base + p * NR + jj] = 0
        }
      }
    }
  }
}

/** Packs the `mc x kc` block of op(A) at `(ic, pc)` as MR-tall strips, each `kc x MR`. */
function packA(
  a: FloatArray,
  aOff: number,
  transA: boolean,
  m: number,
  k: number,
  ic: number,
  mc: number,
  pc: number,
  kc: number,
  ap: Panel,
): void {
  for (let i0 = ic, base = 0; i0 < ic + mc; i0 += MR, base += kc * MR) {
    const mr = Math.min(MR, ic + mc - i0)
    if (!transA) {
      // A is [m, k]: each strip row is a contiguous run of a stored row.
      for (let ii = 0; ii < MR; ii++) {
        if (ii < mr) {
          const src = aOff + (i0 + ii) * k + pc
          for (let p = 0; p < kc; p++) ap[base + p * MR + ii] = a[src + p]
        } else {
          for (let p = 0; p < kc; p++) ap[base + p * MR + ii] = 0
        }
      }
    } else {
      // A is stored [k, m]: each packed row is a contiguous run of a stored row.
      for (let p = 0; p < kc; p++) {
        const src = aOff + (pc + p) * m + i0
        const dst = base + p * MR
        let ii = 0
        for (; ii < mr; ii++) ap[dst + ii] = a[src + ii]
        for (; ii < MR; ii++) ap[dst + ii] = 0
      }
    }
  }
}

/** `C[4 x 4] += Apanel · Bpanel` over `kc`, with the tile held in 16 locals. */
function microKernel(
  ap: Panel,
  ai: number,
  bp: Panel,
  bi: number,
  kc: number,
  c: FloatArray,
  ci: number,
  ldc: number,
): void {
  // One local per tile entry, so V8 can keep the accumulators in registers.
  // prettier-ignore
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0,
    c10 = 0, c11 = 0, c12 = 0, c13 = 0,
    c20 = 0, c21 = 0, c22 = 0, c23 = 0,
    c30 = 0, c31 = 0, c32 = 0, c33 = 0
  for (let p = 0; p < kc; p++) {
    const a0 = ap[ai]
    const a1 = ap[ai + 1]
    const a2 = ap[ai + 2]
    const a3 = ap[ai + 3]
    const b0 = bp[bi]
    const b1 = bp[bi + 1]
    const b2 = bp[bi + 2]
    const b3 = bp[bi + 3]
    c00 += a0 * b0
    c01 += a0 * b1
    c02 += a0 * b2
    c03 += a0 * b3
    c10 += a1 * b0
    c11 += a1 * b1
    c12 += a1 * b2
    c13 += a1 * b3
    c20 += a2 * b0
    c21 += a2 * b1
    c22 += a2 * b2
    c23 += a2 * b3
    c30 += a3 * b0
    c31 += a3 * b1
    c32 += a3 * b2
    c33 += a3 * b3
    ai += MR
    bi += NR
  }
  c[ci] += c00
  c[ci + 1] += c01
  c[ci + 2] += c02
  c[ci + 3] += c03
  ci += ldc
  c[ci] += c10
  c[ci + 1] += c11
  c[ci + 2] += c12
  c[ci + 3] += c13
  ci += ldc
  c[ci] += c20
  c[ci + 1] += c21
  c[ci + 2] += c22
  c[ci + 3] += c23
  ci += ldc
  c[ci] += c30
  c[ci + 1] += c31
  c[ci + 2] += c32
  c[ci + 3] += c33
}

/**
 * One `C[m x n] = op(A)[m x k] · op(B)[k x n]` at the given offsets, GotoBLAS-style: for each
 * NC x KC block of B, pack it; for each MC block of rows, pack A; then sweep 4x4 tiles.
 */
function gemm(
  a: FloatArray,
  aOff: number,
  transA: boolean,
  b: FloatArray,
  bOff: number,
  transB: boolean,
  c: FloatArray,
  cOff: number,
  m: number,
  n: number,
  k: number,
): void {
  c.fill(0, cOff, cOff + m * n)
  const kcMax = Math.min(KC, k)
  const needB = Math.ceil(Math.min(NC, n) / NR) * NR * kcMax
  if (packedB.length < needB) packedB = panel(needB)
  const needA = Math.ceil(Math.min(MC, m) / MR) * MR * kcMax
  if (packedA.length < needA) packedA = panel(needA)
  const ap = packedA
  const bp = packedB
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc)
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc)
      packB(b, bOff, transB, k, n, jc, nc, pc, kc, bp)
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic)
        packA(a, aOff, transA, m, k, ic, mc, pc, kc, ap)
        for (let jr = 0, bi = 0; jr < nc; jr += NR, bi += kc * NR) {
          const nr = Math.min(NR, nc - jr)
          for (let ir = 0, ai = 0; ir < mc; ir += MR, ai += kc * MR) {
            const ci = cOff + (ic + ir) * n + jc + jr
            const mr = Math.min(MR, mc - ir)
            if (mr === MR && nr === NR) {
              microKernel(ap, ai, bp, bi, kc, c, ci, n)
            } else {
              // Edge tile: the zero padding computes zeros; write back only the real entries.
              edgeTile.fill(0)
              microKernel(ap, ai, bp, bi, kc, edgeTile, 0, NR)
              for (let i = 0; i < mr; i++) {
                for (let j = 0; j < nr; j++) c[ci + i * n + j] += edgeTile[i * NR + j]
              }
            }
          }
        }
      }
    }
  }
}

/**
 * Batched `out = op(a) · op(b)` where op transposes the last two dims when the flag is set,
 * without materialising the transpose. `a`, `b` and `out` share a rank; a batch dim of size 1
 * broadcasts without copying.
 *
 * @example
 * matmulImpl(a, [2, 1, 3, 4], b, [1, 5, 4, 2], { transposeA: false, transposeB: false }, out, [2, 5, 3, 2])
 */
export function matmulImpl(
  a: FloatArray,
  aShape: Shape,
  b: FloatArray,
  bShape: Shape,
  attrs: MatmulAttrs,
  out: FloatArray,
  outShape: Shape,
): void {
  const rank = outShape.length
  const m = outShape[rank - 2]
  const n = outShape[rank - 1]
  const k = attrs.transposeA ? aShape[rank - 2] : aShape[rank - 1]
  const size = numel(outShape)
  if (size === 0) return
  const batchShape = outShape.slice(0, rank - 2)
  const batches = size / (m * n)
  const aMat = aShape[rank - 2] * aShape[rank - 1]
  const bMat = bShape[rank - 2] * bShape[rank - 1]
  const aStrides = broadcastStrides(aShape.slice(0, rank - 2), batchShape).map((s) => s * aMat)
  const bStrides = broadcastStrides(bShape.slice(0, rank - 2), batchShape).map((s) => s * bMat)
  const { transposeA, transposeB } = attrs
  // One B for every batch and a full, untransposed A: the batches stack into one tall A, so B
  // is packed once instead of once per batch.
  if (
    batches > 1 &&
    !transposeA &&
    bStrides.every((s) => s === 0) &&
    numel(aShape) === batches * m * k
  ) {
    gemm(a, 0, false, b, 0, transposeB, out, 0, batches * m, n, k)
    return
  }
  const strides = [aStrides, bStrides]
  const offsets = [0, 0]
  const index = new Array<number>(batchShape.length).fill(0)
  for (let t = 0; t < batches; t++) {
    gemm(a, offsets[0], transposeA, b, offsets[1], transposeB, out, t * m * n, m, n, k)
    advance(index, batchShape, batchShape.length, strides, offsets)
  }
}

/** Batched float matmul with transpose flags. */
export function matmul(
  store: CpuStore,
  a: TensorInfo,
  b: TensorInfo,
  attrs: MatmulAttrs,
  outShape: Shape,
): Storage {
  const out = store.alloc(a.dtype, numel(outShape))
  if (out.values.length === 0) return out
  matmulImpl(
    valuesOf(a) as FloatArray,
    a.shape,
    valuesOf(b) as FloatArray,
    b.shape,
    attrs,
    out.values as FloatArray,
    outShape,
  )
  return out
}
