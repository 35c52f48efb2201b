/**
 * The product a convolution needs, `C += op(A) · op(B)` over row-major float arrays addressed by
 * offsets (a group or batch item is a window of a larger array, never a copy), GotoBLAS-style:
 * B and A are packed into KC-deep panels of doubles, then 4x4 tiles of C are accumulated in 16
 * locals, which V8 keeps in registers. Transposed operands are read in their stored order while
 * packing, so the three products of a convolution (forward, input and weight gradients) cost
 * the same.
 */

export type FloatArray = Float32Array | Float64Array

const MR = 4
const NR = 4
// A packed MC x KC block of A (128 KiB) stays in L2 while each KC x NR strip of B is reused
// from L1; NC bounds the B scratch.
const KC = 256
const MC = 64
const NC = 2048

/**
 * Packed panels are plain arrays of doubles (V8's PACKED_DOUBLE_ELEMENTS), not Float64Arrays:
 * once anything in the process detaches an ArrayBuffer (a transfer to a worker, a WebAssembly
 * memory growing, tsx lexing a large CommonJS file), V8 checks for detachment on every
 * typed-array access in optimized code, which slowed the micro-kernel's loads by 25-50%; a plain
 * array's loads carry no such check.
 */
type Panel = number[]

/** A zeroed panel of `size` doubles, built with double elements so that it never changes kind. */
function panel(size: number): Panel {
  const values: Panel = []
  for (let i = 0; i < size; i++) values.push(0.5)
  return values.fill(0)
}

let packedA = panel(0)
let packedB = panel(0)
const edge = new Float64Array(MR * NR)

/** Packs the `kc x nc` block of op(B) at `(pc, jc)` as NR-wide strips, zero-padded. */
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
): void {
  const bp = packedB
  for (let j0 = jc, base = 0; j0 < jc + nc; j0 += NR, base += kc * NR) {
    const nr = Math.min(NR, jc + nc - j0)
    if (!transB) {
      // B is [k, n]: each packed row is a contiguous run of a stored row.
      for (let p = 0; p < kc; p++) {
        const src = bOff + (pc + p) * n + j0
        const dst = base + p * NR
        let jj = 0
        for (; jj < nr; jj++) bp[dst + jj] = b[src + jj]
        for (; jj < NR; jj++) bp[dst + jj] = 0
      }
      continue
    }
    for (let jj = 0; jj < NR; jj++) {
      if (jj >= nr) {
        for (let p = 0; p < kc; p++) bp[base + p * NR + jj] = 0
      } else {
        const src = bOff + (j0 + jj) * k + pc
        for (let p = 0; p < kc; p++) bp[base + p * NR + jj] = b[src + p]
      }
    }
  }
}

/** Packs the `mc x kc` block of op(A) at `(ic, pc)` as MR-tall strips, zero-padded. */
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
): void {
  const ap = packedA
  for (let i0 = ic, base = 0; i0 < ic + mc; i0 += MR, base += kc * MR) {
    const mr = Math.min(MR, ic + mc - i0)
    if (transA) {
      // A is stored [k, m]: each packed row is a contiguous run of a stored row.
      for (let p = 0; p < kc; p++) {
        const src = aOff + (pc + p) * m + i0
        const dst = base + p * MR
        let ii = 0
        for (; ii < mr; ii++) ap[dst + ii] = a[src + ii]
        for (; ii < MR; ii++) ap[dst + ii] = 0
      }
      continue
    }
    for (let ii = 0; ii < MR; ii++) {
      if (ii >= mr) {
        for (let p = 0; p < kc; p++) ap[base + p * MR + ii] = 0
      } else {
        const src = aOff + (i0 + ii) * k + pc
        for (let p = 0; p < kc; p++) ap[base + p * MR + ii] = a[src + p]
      }
    }
  }
}

/** `C[4 x 4] += Apanel · Bpanel` over `kc`. */
function microKernel(
  ai: number,
  bi: number,
  kc: number,
  c: FloatArray,
  ci: number,
  ldc: number,
): void {
  const ap = packedA
  const bp = packedB
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
 * `C[m x n] += op(A)[m x k] · op(B)[k x n]`, where op(A) reads `a` stored `[k, m]` when
 * `transA` (else `[m, k]`) and op(B) reads `b` stored `[n, k]` when `transB` (else `[k, n]`).
 */
export function gemm(
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  a: FloatArray,
  aOff: number,
  b: FloatArray,
  bOff: number,
  c: FloatArray,
  cOff: number,
): void {
  const kcMax = Math.min(KC, k)
  const needB = Math.ceil(Math.min(NC, n) / NR) * NR * kcMax
  if (packedB.length < needB) packedB = panel(needB)
  const needA = Math.ceil(Math.min(MC, m) / MR) * MR * kcMax
  if (packedA.length < needA) packedA = panel(needA)
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc)
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc)
      packB(b, bOff, transB, k, n, jc, nc, pc, kc)
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic)
        packA(a, aOff, transA, m, k, ic, mc, pc, kc)
        for (let jr = 0, bi = 0; jr < nc; jr += NR, bi += kc * NR) {
          const nr = Math.min(NR, nc - jr)
          for (let ir = 0, ai = 0; ir < mc; ir += MR, ai += kc * MR) {
            const ci = cOff + (ic + ir) * n + jc + jr
            const mr = Math.min(MR, mc - ir)
            if (mr === MR && nr === NR) {
              microKernel(ai, bi, kc, c, ci, n)
            } else {
              // Edge tile: the padding computes zeros; only the real entries are added.
              edge.fill(0)
              microKernel(ai, bi, kc, edge, 0, NR)
              for (let i = 0; i < mr; i++) {
                for (let j = 0; j < nr; j++) c[ci + i * n + j] += edge[i * NR + j]
              }
            }
          }
        }
      }
    }
  }
}
