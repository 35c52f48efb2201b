/**
 * The three products a convolution needs, over row-major float arrays addressed by offsets (so a
 * group or batch item is a window of a larger array, never a copy). Rows go four at a time so
 * each load of the shared operand feeds four multiply-adds.
 */

export type FloatArray = Float32Array | Float64Array

/** `c[m, n] += a[m, k] · b[k, n]`. */
export function gemmNN(
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
  let i = 0
  for (; i + 4 <= m; i += 4) {
    const c0 = cOff + i * n
    const c1 = c0 + n
    const c2 = c1 + n
    const c3 = c2 + n
    const a0 = aOff + i * k
    for (let p = 0; p < k; p++) {
      const w0 = a[a0 + p]
      const w1 = a[a0 + k + p]
      const w2 = a[a0 + 2 * k + p]
      const w3 = a[a0 + 3 * k + p]
      const row = bOff + p * n
      for (let j = 0; j < n; j++) {
        const v = b[row + j]
        c[c0 + j] += w0 * v
        c[c1 + j] += w1 * v
        c[c2 + j] += w2 * v
        c[c3 + j] += w3 * v
      }
    }
  }
  for (; i < m; i++) {
    const ci = cOff + i * n
    for (let p = 0; p < k; p++) {
      const w = a[aOff + i * k + p]
      const row = bOff + p * n
      for (let j = 0; j < n; j++) c[ci + j] += w * b[row + j]
    }
  }
}

/** `c[m, n] += a[m, k] · b[n, k]ᵀ` (dot products of rows). */
export function gemmNT(
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
  for (let i = 0; i < m; i++) {
    const ai = aOff + i * k
    let j = 0
    for (; j + 4 <= n; j += 4) {
      const b0 = bOff + j * k
      const b1 = b0 + k
      const b2 = b1 + k
      const b3 = b2 + k
      let s0 = 0
      let s1 = 0
      let s2 = 0
      let s3 = 0
      for (let p = 0; p < k; p++) {
        const v = a[ai + p]
        s0 += v * b[b0 + p]
        s1 += v * b[b1 + p]
        s2 += v * b[b2 + p]
        s3 += v * b[b3 + p]
      }
      const ci = cOff + i * n + j
      c[ci] += s0
      c[ci + 1] += s1
      c[ci + 2] += s2
      c[ci + 3] += s3
    }
    for (; j < n; j++) {
      const bj = bOff + j * k
      let s = 0
      for (let p = 0; p < k; p++) s += a[ai + p] * b[bj + p]
      c[cOff + i * n + j] += s
    }
  }
}

/** `c[m, n] += a[k, m]ᵀ · b[k, n]`. */
export function gemmTN(
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
  for (let i = 0; i < m; i++) {
    const ci = cOff + i * n
    let p = 0
    for (; p + 4 <= k; p += 4) {
      const w0 = a[aOff + p * m + i]
      const w1 = a[aOff + (p + 1) * m + i]
      const w2 = a[aOff + (p + 2) * m + i]
      const w3 = a[aOff + (p + 3) * m + i]
      const r0 = bOff + p * n
      const r1 = r0 + n
      const r2 = r1 + n
      const r3 = r2 + n
      for (let j = 0; j < n; j++) {
        c[ci + j] += w0 * b[r0 + j] + w1 * b[r1 + j] + w2 * b[r2 + j] + w3 * b[r3 + j]
      }
    }
    for (; p < k; p++) {
      const w = a[aOff + p * m + i]
      const r = bOff + p * n
      for (let j = 0; j < n; j++) c[ci + j] += w * b[r + j]
    }
  }
}
