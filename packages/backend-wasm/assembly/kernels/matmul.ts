/**
 * float32 GEMM, GotoBLAS/BLIS style: `C[m x n] (+)= op(A)[m x k] · op(B)[k x n]`.
 *
 * For each NC-wide panel of B and each KC-deep slice of k, B is packed into NR-wide strips
 * (`kc x NR`, stays in L1 while it is reused); for each MC-tall block of A, A is packed into
 * MR-tall strips (`kc x MR`, the block stays in L2). The micro-kernel then keeps an MR x NR tile
 * of C in v128 registers for the whole `kc` run. Packing reads A and B in their stored order, so
 * all four transpose combinations run the same micro-kernel at the same speed.
 *
 * Pointers are byte addresses in linear memory; leading dimensions are in elements.
 */
import { maddF32x4 } from '../simd'

// A 4 x 8 tile in both builds. V8 (TurboFan, x64) schedules a step's loads ahead of its
// arithmetic, so the 4 broadcast A values, 2 B vectors and 8 accumulators are live together:
// 14 of the 15 xmm registers it allocates, plus the product on SIMD128. Measured slower (CPU
// time, one thread, 1024^3): 6 x 8 (spills, -35% on the relaxed build), k unrolled by two
// (spills, -20%), A loaded as one vector and splatted by shuffles (-20% SIMD128, -3% relaxed).
// Measured again on the relaxed build (best of 3, one thread, 1024^3, GFLOPS): 4 x 8 39.6,
// 3 x 12 39.8 and 2 x 16 38.8 (the same: each fits the registers), 5 x 8 25.2 and 6 x 8 28.0
// (spills), k unrolled by two 28.1. Ten fused multiply-add chains in registers alone reach
// 46-47 on the same core (tooling/bench/src/fmaPeak.ts): the kernel runs at 84-85% of that.
const MR: i32 = 4
const NR: i32 = 8
// 512 deep (was 256): half the passes over C and half the thread pool's steps; 2048^3 ran 10%
// faster on one thread, 1024^3 the same. The packed A block (128 x 512, 256 KiB) stays in L2,
// a B strip (512 x 8, 16 KiB) in L1.
const KC: i32 = 512
const MC: i32 = 128
const NC: i32 = 1024
const TILE_BYTES: usize = 256

/** Bytes of scratch one `gemmF32` call needs: the edge tile, a packed A block and a B panel. */
export function gemmScratchBytes(): usize {
  return TILE_BYTES + <usize>(MC * KC * 4) + <usize>(KC * NC * 4)
}

/** `kc` steps of the 4 x 8 tile; `acc` adds to C instead of overwriting it. */
// prettier-ignore
@inline
function micro4x8(ap: usize, bp: usize, kc: i32, c: usize, ldc: usize, acc: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0)
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0)
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0)
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0)
  // The loop runs on the B pointer alone: one less counter to bump and compare.
  const bEnd = bp + (<usize>kc << 5)
  while (bp < bEnd) {
    const b0 = v128.load(bp)
    const b1 = v128.load(bp, 16)
    let a = v128.load32_splat(ap)
    c00 = maddF32x4(a, b0, c00); c01 = maddF32x4(a, b1, c01)
    a = v128.load32_splat(ap, 4)
    c10 = maddF32x4(a, b0, c10); c11 = maddF32x4(a, b1, c11)
    a = v128.load32_splat(ap, 8)
    c20 = maddF32x4(a, b0, c20); c21 = maddF32x4(a, b1, c21)
    a = v128.load32_splat(ap, 12)
    c30 = maddF32x4(a, b0, c30); c31 = maddF32x4(a, b1, c31)
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

/** Transposes the 4 x 4 block whose rows start at r0..r3 and stores its rows `step` bytes apart. */
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
 * Packs `w` consecutive stored vectors (each `kc` long, `ld` elements apart, starting at `src`)
 * into `kc x W` row-major at `dst`: the transposing case of both packers. Vectors past `w` are
 * zero, so edge strips compute zeros that are never written back.
 */
function packTransposed(src: usize, ld: usize, w: i32, W: i32, kc: i32, dst: usize): void {
  const rowStep = ld << 2
  const outStep = <usize>(W << 2)
  for (let g = 0; g < W; g += 4) {
    const r0 = src + <usize>g * rowStep
    if (g + 4 <= w && g + 4 <= W) {
      let p = 0
      for (; p + 4 <= kc; p += 4) {
        const off = <usize>(p << 2)
        transpose4(
          r0 + off,
          r0 + rowStep + off,
          r0 + 2 * rowStep + off,
          r0 + 3 * rowStep + off,
          dst + <usize>(p * W + g) * 4,
          outStep,
        )
      }
      for (; p < kc; p++) {
        for (let j = 0; j < 4; j++) {
          store<f32>(
            dst + <usize>(p * W + g + j) * 4,
            load<f32>(r0 + <usize>j * rowStep + ((<usize>p) << 2)),
          )
        }
      }
    } else {
      for (let j = g; j < min(g + 4, W); j++) {
        const row = src + <usize>j * rowStep
        for (let p = 0; p < kc; p++) {
          store<f32>(dst + <usize>(p * W + j) * 4, j < w ? load<f32>(row + ((<usize>p) << 2)) : 0)
        }
      }
    }
  }
}

/** Packs `kc` stored rows (`ld` apart) of `w` contiguous elements into `kc x W`, zero-padded. */
function packContiguous(src: usize, ld: usize, w: i32, W: i32, kc: i32, dst: usize): void {
  const rowStep = ld << 2
  if (w == W) {
    for (let p = 0; p < kc; p++) {
      const s = src + <usize>p * rowStep
      const d = dst + <usize>(p * W) * 4
      for (let j = 0; j < W; j += 4)
        v128.store(d + ((<usize>j) << 2), v128.load(s + ((<usize>j) << 2)))
    }
    return
  }
  for (let p = 0; p < kc; p++) {
    const s = src + <usize>p * rowStep
    const d = dst + <usize>(p * W) * 4
    for (let j = 0; j < W; j++)
      store<f32>(d + ((<usize>j) << 2), j < w ? load<f32>(s + ((<usize>j) << 2)) : 0)
  }
}

/**
 * Packs NR-wide strips `[s0, s1)` of the B panel at columns `jc..`, depth `pc..pc + kc` into
 * `bp` (strip `s` at `bp + s * kc * NR * 4`). The unit of packing work the thread pool hands out.
 */
export function gemmPackB(
  b: usize,
  ldb: i32,
  transB: bool,
  jc: i32,
  nc: i32,
  pc: i32,
  kc: i32,
  s0: i32,
  s1: i32,
  bp: usize,
): void {
  for (let s = s0; s < s1; s++) {
    const j0 = s * NR
    const nr = min(NR, nc - j0)
    const dst = bp + <usize>(j0 * kc) * 4
    if (transB) {
      packTransposed(b + (<usize>(jc + j0) * <usize>ldb + <usize>pc) * 4, ldb, nr, NR, kc, dst)
    } else {
      packContiguous(b + (<usize>pc * <usize>ldb + <usize>(jc + j0)) * 4, ldb, nr, NR, kc, dst)
    }
  }
}

/**
 * Rows `[i0, i0 + mc)` (mc <= MC) by panel columns `[j0, j1)` of C for one packed B panel
 * (columns from `jc`, depth `pc..pc + kc`, packed at `bp`): packs that block of A into the
 * thread's `scratch`, then runs the micro-kernel over it. `acc` adds into C. The unit of compute
 * work the thread pool hands out.
 */
export function gemmBlock(
  a: usize,
  lda: i32,
  transA: bool,
  c: usize,
  ldc: i32,
  i0: i32,
  mc: i32,
  jc: i32,
  j0: i32,
  j1: i32,
  pc: i32,
  kc: i32,
  acc: bool,
  bp: usize,
  scratch: usize,
): void {
  const tile = scratch
  const ap = scratch + TILE_BYTES
  const ldcBytes = (<usize>ldc) << 2
  // Pack the A block: strips of MR rows, each `kc x MR`.
  for (let ir = 0; ir < mc; ir += MR) {
    const mr = min(MR, mc - ir)
    const dst = ap + <usize>(ir * kc) * 4
    const row = <usize>(i0 + ir)
    if (transA) {
      packContiguous(a + (<usize>pc * <usize>lda + row) * 4, lda, mr, MR, kc, dst)
    } else {
      packTransposed(a + (row * <usize>lda + <usize>pc) * 4, lda, mr, MR, kc, dst)
    }
  }
  for (let jr = j0; jr < j1; jr += NR) {
    const nr = min(NR, j1 - jr)
    const bStrip = bp + <usize>(jr * kc) * 4
    for (let ir = 0; ir < mc; ir += MR) {
      const mr = min(MR, mc - ir)
      const aStrip = ap + <usize>(ir * kc) * 4
      const cTile = c + <usize>(i0 + ir) * ldcBytes + ((<usize>(jc + jr)) << 2)
      if (mr == MR && nr == NR) {
        micro4x8(aStrip, bStrip, kc, cTile, ldcBytes, acc)
      } else {
        // Edge tile: compute the full padded tile aside, write back the real entries.
        micro4x8(aStrip, bStrip, kc, tile, NR << 2, false)
        for (let i = 0; i < mr; i++) {
          const row = cTile + <usize>i * ldcBytes
          const t = tile + <usize>(i * NR) * 4
          for (let j = 0; j < nr; j++) {
            const off = (<usize>j) << 2
            store<f32>(
              row + off,
              acc ? load<f32>(row + off) + load<f32>(t + off) : load<f32>(t + off),
            )
          }
        }
      }
    }
  }
}

/**
 * `C (+)= op(A) · op(B)` in float32. `transA`: A is stored `[k, m]`; `transB`: B is stored
 * `[n, k]`. `accumulate` adds into C (linear's bias); otherwise C is overwritten.
 * `scratch` holds `gemmScratchBytes()` bytes owned by the caller's thread.
 */
export function gemmF32(
  a: usize,
  b: usize,
  c: usize,
  m: i32,
  n: i32,
  k: i32,
  lda: i32,
  ldb: i32,
  ldc: i32,
  transA: bool,
  transB: bool,
  accumulate: bool,
  scratch: usize,
): void {
  const bp = scratch + TILE_BYTES + <usize>(MC * KC * 4)
  if (k == 0) {
    const ldcBytes = (<usize>ldc) << 2
    if (!accumulate)
      for (let i = 0; i < m; i++) memory.fill(c + <usize>i * ldcBytes, 0, (<usize>n) << 2)
    return
  }
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc)
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc)
      const acc = accumulate || pc > 0
      gemmPackB(b, ldb, transB, jc, nc, pc, kc, 0, (nc + NR - 1) / NR, bp)
      for (let ic = 0; ic < m; ic += MC) {
        gemmBlock(a, lda, transA, c, ldc, ic, min(MC, m - ic), jc, 0, nc, pc, kc, acc, bp, scratch)
      }
    }
  }
}

/** Byte offset of the B panel in a `gemmScratchBytes()` scratch (the pool shares the main one's). */
export function gemmPanelOffset(): usize {
  return TILE_BYTES + <usize>(MC * KC * 4)
}

/**
 * The float64 GEMM (references and gradcheck, not a hot path): plain loops, in dot-product
 * order when B is stored `[n, k]` and row-update order otherwise, so B is read contiguously.
 */
export function gemmF64(
  a: usize,
  b: usize,
  c: usize,
  m: i32,
  n: i32,
  k: i32,
  lda: i32,
  ldb: i32,
  ldc: i32,
  transA: bool,
  transB: bool,
  accumulate: bool,
): void {
  // Element strides of op(A) along i and along p.
  const ai: usize = transA ? 1 : <usize>lda
  const ap: usize = transA ? <usize>lda : 1
  for (let i = 0; i < m; i++) {
    const row = c + <usize>i * ((<usize>ldc) << 3)
    const aRow = a + ((<usize>i * ai) << 3)
    if (transB) {
      for (let j = 0; j < n; j++) {
        const bRow = b + ((<usize>j * <usize>ldb) << 3)
        let s = 0.0
        for (let p = 0; p < k; p++)
          s += load<f64>(aRow + ((<usize>p * ap) << 3)) * load<f64>(bRow + ((<usize>p) << 3))
        const o = row + ((<usize>j) << 3)
        store<f64>(o, accumulate ? load<f64>(o) + s : s)
      }
    } else {
      if (!accumulate) memory.fill(row, 0, (<usize>n) << 3)
      for (let p = 0; p < k; p++) {
        const x = load<f64>(aRow + ((<usize>p * ap) << 3))
        const bRow = b + ((<usize>p * <usize>ldb) << 3)
        for (let j = 0; j < n; j++) {
          const o = row + ((<usize>j) << 3)
          store<f64>(o, load<f64>(o) + x * load<f64>(bRow + ((<usize>j) << 3)))
        }
      }
    }
  }
}
