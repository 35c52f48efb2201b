/**
 * The packed float32 product every convolution kernel here runs: `C[m x n] (+)= A · B` with A
 * packed as MR-tall strips (`k x MR`) and B as NR-wide strips (`k x NR`), by the packers below,
 * which read either operand in its stored order (plain or transposed). The 4 x 8 micro-kernel
 * keeps its tile of C in eight v128 registers for the whole depth (fused multiply-adds in the
 * relaxed-SIMD build); each B strip (k x 8 floats) stays in L1 while every A strip passes over it.
 *
 * Pointers are byte addresses in linear memory; leading dimensions are in elements.
 */

export const MR: i32 = 4
export const NR: i32 = 8

/**
 * `a * b + c` on four floats: one fused multiply-add (`f32x4.relaxed_madd`) in the relaxed-SIMD
 * build (buildPackageModule's `relaxed`, run by backends on their relaxed build), a multiply and
 * an add in the SIMD128 one. The condition is a compile-time constant: each build holds one form.
 */
@inline
function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c)
  return f32x4.add(c, f32x4.mul(a, b))
}

/** `k` steps of the 4 x 8 tile at `c` (`ldc` bytes between rows); `acc` adds to C. */
// prettier-ignore
@inline
function micro4x8(ap: usize, bp: usize, k: i32, c: usize, ldc: usize, acc: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0)
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0)
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0)
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0)
  const bEnd = bp + (<usize>k << 5)
  while (bp < bEnd) {
    const b0 = v128.load(bp)
    const b1 = v128.load(bp, 16)
    let a = v128.load32_splat(ap)
    c00 = madd(a, b0, c00); c01 = madd(a, b1, c01)
    a = v128.load32_splat(ap, 4)
    c10 = madd(a, b0, c10); c11 = madd(a, b1, c11)
    a = v128.load32_splat(ap, 8)
    c20 = madd(a, b0, c20); c21 = madd(a, b1, c21)
    a = v128.load32_splat(ap, 12)
    c30 = madd(a, b0, c30); c31 = madd(a, b1, c31)
    ap += 16
    bp += 32
  }
  if (acc) {
    c00 = f32x4.add(c00, v128.load(c)); c01 = f32x4.add(c01, v128.load(c, 16))
    c10 = f32x4.add(c10, v128.load(c + ldc)); c11 = f32x4.add(c11, v128.load(c + ldc, 16))
    c20 = f32x4.add(c20, v128.load(c + 2 * ldc)); c21 = f32x4.add(c21, v128.load(c + 2 * ldc, 16))
    c30 = f32x4.add(c30, v128.load(c + 3 * ldc)); c31 = f32x4.add(c31, v128.load(c + 3 * ldc, 16))
  }
  v128.store(c, c00); v128.store(c, c01, 16)
  v128.store(c + ldc, c10); v128.store(c + ldc, c11, 16)
  v128.store(c + 2 * ldc, c20); v128.store(c + 2 * ldc, c21, 16)
  v128.store(c + 3 * ldc, c30); v128.store(c + 3 * ldc, c31, 16)
}

/**
 * `C (+)= A · B` for packed A (`m` rows) and packed B (`n` columns), depth `k`; `tile` is 128
 * bytes of scratch for the edge tiles.
 */
export function gemmPacked(
  ap: usize,
  bp: usize,
  m: i32,
  n: i32,
  k: i32,
  c: usize,
  ldc: i32,
  acc: bool,
  tile: usize,
): void {
  const ldcBytes = (<usize>ldc) << 2
  for (let j = 0; j < n; j += NR) {
    const nr = min(NR, n - j)
    const bStrip = bp + <usize>(j * k) * 4
    for (let i = 0; i < m; i += MR) {
      const mr = min(MR, m - i)
      const aStrip = ap + <usize>(i * k) * 4
      const cTile = c + <usize>i * ldcBytes + ((<usize>j) << 2)
      if (mr == MR && nr == NR) {
        micro4x8(aStrip, bStrip, k, cTile, ldcBytes, acc)
        continue
      }
      // Edge tile: the full padded tile aside, then only the real entries.
      micro4x8(aStrip, bStrip, k, tile, NR << 2, false)
      for (let ii = 0; ii < mr; ii++) {
        const row = cTile + <usize>ii * ldcBytes
        const t = tile + <usize>(ii * NR) * 4
        for (let jj = 0; jj < nr; jj++) {
          const off = (<usize>jj) << 2
          store<f32>(row + off, acc ? load<f32>(row + off) + load<f32>(t + off) : load<f32>(t + off))
        }
      }
    }
  }
}

/** Transposes the 4 x 4 block whose rows start at r0..r3; stores its rows `step` bytes apart. */
// prettier-ignore
@inline
function transpose4(r0: usize, r1: usize, r2: usize, r3: usize, dst: usize, step: usize): void {
  const a = v128.load(r0)
  const b = v128.load(r1)
  const c = v128.load(r2)
  const d = v128.load(r3)
  const t0 = v128.shuffle<f32>(a, b, 0, 4, 1, 5)
  const t1 = v128.shuffle<f32>(a, b, 2, 6, 3, 7)
  const t2 = v128.shuffle<f32>(c, d, 0, 4, 1, 5)
  const t3 = v128.shuffle<f32>(c, d, 2, 6, 3, 7)
  v128.store(dst, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5))
  v128.store(dst + step, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7))
  v128.store(dst + 2 * step, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5))
  v128.store(dst + 3 * step, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7))
}

/**
 * Packs rows `[r, r + w)` (each `k` long, `ld` apart, from `src`) as the `w`-wide columns of a
 * `k x W` strip at `dst` (zero past `w`): 4 x 4 SIMD transposes where 4 rows are real.
 */
function packRowsAsColumns(src: usize, ld: i32, w: i32, W: i32, k: i32, dst: usize): void {
  const rowBytes = (<usize>ld) << 2
  const outStep = <usize>(W << 2)
  for (let g = 0; g < W; g += 4) {
    const r0 = src + <usize>g * rowBytes
    if (g + 4 <= w) {
      let p = 0
      for (; p + 4 <= k; p += 4) {
        const off = (<usize>p) << 2
        transpose4(r0 + off, r0 + rowBytes + off, r0 + 2 * rowBytes + off, r0 + 3 * rowBytes + off, dst + <usize>(p * W + g) * 4, outStep)
      }
      for (; p < k; p++) {
        for (let j = 0; j < 4; j++) store<f32>(dst + <usize>(p * W + g + j) * 4, load<f32>(r0 + <usize>j * rowBytes + ((<usize>p) << 2)))
      }
    } else {
      for (let j = g; j < g + 4; j++) {
        const row = src + <usize>j * rowBytes
        for (let p = 0; p < k; p++) store<f32>(dst + <usize>(p * W + j) * 4, j < w ? load<f32>(row + ((<usize>p) << 2)) : 0)
      }
    }
  }
}

/** Packs A stored `[m, k]` (rows `ld` apart) as MR-tall strips, zero-padded past `m`. */
export function packARows(src: usize, ld: i32, m: i32, k: i32, dst: usize): void {
  for (let i = 0; i < m; i += MR) {
    packRowsAsColumns(src + <usize>i * ((<usize>ld) << 2), ld, min(MR, m - i), MR, k, dst + <usize>(i * k) * 4)
  }
}

/** Packs A stored `[k, m]` (its transpose; rows `ld` apart) as MR-tall strips, zero-padded. */
export function packACols(src: usize, ld: i32, m: i32, k: i32, dst: usize): void {
  const rowBytes = (<usize>ld) << 2
  for (let i = 0; i < m; i += MR) {
    const strip = dst + <usize>(i * k) * 4
    const full = i + MR <= m
    for (let p = 0; p < k; p++) {
      const s = src + <usize>p * rowBytes + ((<usize>i) << 2)
      const d = strip + <usize>(p * MR) * 4
      if (full) {
        v128.store(d, v128.load(s))
      } else {
        for (let ii = 0; ii < MR; ii++) store<f32>(d + ((<usize>ii) << 2), i + ii < m ? load<f32>(s + ((<usize>ii) << 2)) : 0)
      }
    }
  }
}

/** Packs B stored `[k, n]` (rows `ld` apart) as NR-wide strips, zero-padded past `n`. */
export function packBRows(src: usize, ld: i32, n: i32, k: i32, dst: usize): void {
  const rowBytes = (<usize>ld) << 2
  for (let j = 0; j < n; j += NR) {
    const strip = dst + <usize>(j * k) * 4
    const full = j + NR <= n
    for (let p = 0; p < k; p++) {
      const s = src + <usize>p * rowBytes + ((<usize>j) << 2)
      const d = strip + <usize>(p * NR) * 4
      if (full) {
        v128.store(d, v128.load(s))
        v128.store(d, v128.load(s, 16), 16)
      } else {
        for (let jj = 0; jj < NR; jj++) store<f32>(d + ((<usize>jj) << 2), j + jj < n ? load<f32>(s + ((<usize>jj) << 2)) : 0)
      }
    }
  }
}

/** Packs B stored `[n, k]` (its transpose; rows `ld` apart) as NR-wide strips, zero-padded. */
export function packBCols(src: usize, ld: i32, n: i32, k: i32, dst: usize): void {
  for (let j = 0; j < n; j += NR) {
    packRowsAsColumns(src + <usize>j * ((<usize>ld) << 2), ld, min(NR, n - j), NR, k, dst + <usize>(j * k) * 4)
  }
}
