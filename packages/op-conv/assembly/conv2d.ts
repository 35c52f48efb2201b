/**
 * conv2d and its two gradients in float32 with SIMD128. Each is cut the same way: the weight
 * operand is packed once per call (`*Pack`), then every batch item is an independent piece of
 * work (`*Sample`) with its own scratch: im2col, pack, one packed product (gemm.ts); the
 * forward packs im2col's columns straight from the input (`packIm2col`). The weight
 * gradient adds each item into a per-thread partial sum, reduced at the end. The `*Unit`
 * exports run those pieces as a job of numbered units on the backend's threads; the `*F32`
 * exports run a whole batch on the calling thread.
 *
 * `p` points at the geometry words of im2col.ts. Scratch starts with a 128-byte edge tile.
 */
import { gemmPacked, MR, NR, packACols, packARows, packBCols, packBRows } from './gemm'
import { C, col2im, GROUPS, H, im2col, KH, KW, N, O, OH, OW, P, packIm2col, W } from './im2col'

const TILE: usize = 128
/** Output columns packed at once (a multiple of NR). */
const BLOCK: i32 = 128

@inline
function roundUp(n: i32, to: i32): i32 {
  return ((n + to - 1) / to) * to
}

@inline
function kOf(p: usize): i32 {
  return P(p, C) * P(p, KH) * P(p, KW)
}

@inline
function lOf(p: usize): i32 {
  return P(p, OH) * P(p, OW)
}

@inline
function ogOf(p: usize): i32 {
  return P(p, O) / P(p, GROUPS)
}

/** Word `i` of a unit job's argument block. */
@inline
function A(args: usize, i: i32): usize {
  return <usize>load<u32>(args + (<usize>i << 2))
}

// FORWARD ---------------------------------------------------------------------------------------

/** Bytes of `w` packed for the forward (every group). */
export function conv2dPackBytes(p: usize): usize {
  return <usize>(P(p, GROUPS) * roundUp(ogOf(p), MR) * kOf(p)) * 4
}

/** Packs `w` (`[O, C/g, KH, KW]`) as the forward's A operand, group after group, at `ap`. */
export function conv2dPack(w: usize, p: usize, ap: usize): void {
  const og = ogOf(p)
  const k = kOf(p)
  const aBytes = <usize>(roundUp(og, MR) * k) * 4
  for (let g = 0; g < P(p, GROUPS); g++) packARows(w + <usize>(g * og * k) * 4, k, og, k, ap + <usize>g * aBytes)
}

/** Bytes of one thread's scratch for `conv2dSample`: tile, one packed block of im2col's columns. */
export function conv2dScratch(p: usize): usize {
  return TILE + <usize>(roundUp(min(lOf(p), BLOCK), NR) * kOf(p)) * 4
}

/** `y[n] = conv2d(x[n], w) + b` (`b` = 0: no bias) with `w` packed at `ap`. */
export function conv2dSample(x: usize, ap: usize, b: usize, y: usize, p: usize, n: i32, scratch: usize): void {
  const cg = P(p, C), groups = P(p, GROUPS), o = P(p, O)
  const og = ogOf(p)
  const k = kOf(p)
  const l = lOf(p)
  const plane = cg * P(p, H) * P(p, W)
  const aBytes = <usize>(roundUp(og, MR) * k) * 4
  const bp = scratch + TILE
  for (let g = 0; g < groups; g++) {
    const xg = x + <usize>((n * groups + g) * plane) * 4
    const yg = y + <usize>((n * o + g * og) * l) * 4
    if (b != 0) {
      for (let r = 0; r < og; r++) {
        const v = f32x4.splat(load<f32>(b + <usize>(g * og + r) * 4))
        const row = yg + <usize>(r * l) * 4
        let j = 0
        for (; j + 4 <= l; j += 4) v128.store(row + <usize>j * 4, v)
        for (; j < l; j++) store<f32>(row + <usize>j * 4, f32x4.extract_lane(v, 0))
      }
    }
    // Column blocks of BLOCK, packed straight from x (im2col's columns are never stored):
    // each packed block (k x BLOCK) stays in L2 while every row of weights passes over it.
    for (let j = 0; j < l; j += BLOCK) {
      const nb = min(BLOCK, l - j)
      packIm2col(xg, p, j, nb, bp)
      gemmPacked(ap + <usize>g * aBytes, bp, og, nb, k, yg + (<usize>j << 2), l, b != 0, scratch)
    }
  }
}

/** Args: x, packed w, b, y, p, scratch, scratch bytes per thread. Unit `i`: batch item `i`. */
export function conv2dUnit(i: i32, args: usize, thread: i32): void {
  conv2dSample(A(args, 0), A(args, 1), A(args, 2), A(args, 3), A(args, 4), i, A(args, 5) + <usize>thread * A(args, 6))
}

// INPUT GRADIENT --------------------------------------------------------------------------------

/** Bytes of `w` packed as the input gradient's A operand (`wᵀ`, every group). */
export function inputGradPackBytes(p: usize): usize {
  return <usize>(P(p, GROUPS) * roundUp(kOf(p), MR) * ogOf(p)) * 4
}

/** Packs `wᵀ` (w is stored `[og, k]` per group, the transpose of the `[k, og]` operand) at `ap`. */
export function inputGradPack(w: usize, p: usize, ap: usize): void {
  const og = ogOf(p)
  const k = kOf(p)
  const aBytes = <usize>(roundUp(k, MR) * og) * 4
  for (let g = 0; g < P(p, GROUPS); g++) packACols(w + <usize>(g * og * k) * 4, k, k, og, ap + <usize>g * aBytes)
}

/** Bytes of one thread's scratch for `inputGradSample`: tile, cols, packed dy. */
export function inputGradScratch(p: usize): usize {
  const k = kOf(p)
  const l = lOf(p)
  return TILE + <usize>(k * l + roundUp(l, NR) * ogOf(p)) * 4
}

/** `dx[n]` (overwritten) from `dy[n]`: cols = wᵀ · dy per group, then col2im. */
export function inputGradSample(dy: usize, ap: usize, dx: usize, p: usize, n: i32, scratch: usize): void {
  const cg = P(p, C), groups = P(p, GROUPS), o = P(p, O)
  const og = ogOf(p)
  const k = kOf(p)
  const l = lOf(p)
  const plane = cg * P(p, H) * P(p, W)
  const aBytes = <usize>(roundUp(k, MR) * og) * 4
  const cols = scratch + TILE
  const bp = cols + <usize>(k * l) * 4
  memory.fill(dx + <usize>(n * groups * plane) * 4, 0, <usize>(groups * plane) * 4)
  for (let g = 0; g < groups; g++) {
    packBRows(dy + <usize>((n * o + g * og) * l) * 4, l, l, og, bp)
    gemmPacked(ap + <usize>g * aBytes, bp, k, l, og, cols, l, false, scratch)
    col2im(cols, p, dx + <usize>((n * groups + g) * plane) * 4)
  }
}

/** Args: dy, packed wᵀ, dx, p, scratch, scratch bytes per thread. Unit `i`: batch item `i`. */
export function inputGradUnit(i: i32, args: usize, thread: i32): void {
  inputGradSample(A(args, 0), A(args, 1), A(args, 2), A(args, 3), i, A(args, 4) + <usize>thread * A(args, 5))
}

// WEIGHT GRADIENT -------------------------------------------------------------------------------

/** Bytes of one thread's scratch for `weightGradSample`: tile, packed dy, cols, packed colsᵀ. */
export function weightGradScratch(p: usize): usize {
  const k = kOf(p)
  const l = lOf(p)
  return TILE + <usize>(roundUp(ogOf(p), MR) * l + k * l + roundUp(k, NR) * l) * 4
}

/** `dw += dy[n] · cols[n]ᵀ` per group. */
export function weightGradSample(x: usize, dy: usize, dw: usize, p: usize, n: i32, scratch: usize): void {
  const cg = P(p, C), groups = P(p, GROUPS), o = P(p, O)
  const og = ogOf(p)
  const k = kOf(p)
  const l = lOf(p)
  const plane = cg * P(p, H) * P(p, W)
  const ap = scratch + TILE
  const cols = ap + <usize>(roundUp(og, MR) * l) * 4
  const bp = cols + <usize>(k * l) * 4
  for (let g = 0; g < groups; g++) {
    im2col(x + <usize>((n * groups + g) * plane) * 4, p, cols)
    packARows(dy + <usize>((n * o + g * og) * l) * 4, l, og, l, ap)
    packBCols(cols, l, k, l, bp)
    gemmPacked(ap, bp, og, k, l, dw + <usize>(g * og * k) * 4, k, true, scratch)
  }
}

/**
 * Args: x, dy, dw, p, scratch, scratch bytes per thread, partial sums, items per partial (S),
 * partials (U), reduce chunk (elements). Units `0 .. U-1` (the first phase): batch items
 * `[iS, iS + S)` summed into partial `i`. Units `U .. 2U-1` (the next phase): one chunk of
 * `dw = Σ partials` in partial order. Each unit's work depends only on its index, so the bits do
 * not depend on the thread count.
 */
export function weightGradUnit(i: i32, args: usize, thread: i32): void {
  const p = A(args, 3)
  const size = P(p, O) * kOf(p)
  const partials = A(args, 6)
  const per = <i32>A(args, 7)
  const units = <i32>A(args, 8)
  if (i < units) {
    const partial = partials + <usize>(i * size) * 4
    memory.fill(partial, 0, <usize>size * 4)
    const end = min(P(p, N), (i + 1) * per)
    const scratch = A(args, 4) + <usize>thread * A(args, 5)
    for (let n = i * per; n < end; n++) weightGradSample(A(args, 0), A(args, 1), partial, p, n, scratch)
    return
  }
  // Chunks are multiples of 4 elements (the glue's): four sums at once, in partial order.
  const chunk = <i32>A(args, 9)
  const start = (i - units) * chunk
  const stop = min(size, start + chunk)
  const dw = A(args, 2)
  const stride = <usize>size << 2
  let e = start
  for (; e + 4 <= stop; e += 4) {
    let at = partials + (<usize>e << 2)
    let s = f32x4.splat(0)
    for (let t = 0; t < units; t++) {
      s = f32x4.add(s, v128.load(at))
      at += stride
    }
    v128.store(dw + (<usize>e << 2), s)
  }
  for (; e < stop; e++) {
    let s: f32 = 0
    for (let t = 0; t < units; t++) s += load<f32>(partials + <usize>(t * size + e) * 4)
    store<f32>(dw + <usize>e * 4, s)
  }
}

// POOLING ---------------------------------------------------------------------------------------

/** Args: x, values, indices, p. Unit `i`: the planes of batch item `i`. */
export function maxPool2dUnit(i: i32, args: usize, thread: i32): void {
  const c = P(A(args, 3), C)
  maxPool2dF32(A(args, 0), A(args, 1), A(args, 2), A(args, 3), i * c, (i + 1) * c)
}

/**
 * Max pooling of planes `[q0, q1)`: values and the flat index of each maximum in its plane
 * (padding never wins; a NaN does, the last in the window, as PyTorch's CPU kernel).
 */
export function maxPool2dF32(x: usize, values: usize, indices: usize, p: usize, q0: i32, q1: i32): void {
  const h = P(p, H), w = P(p, W), kh = P(p, KH), kw = P(p, KW), sh = P(p, 5), sw = P(p, 6)
  const ph = P(p, 7), pw = P(p, 8), dh = P(p, 9), dw = P(p, 10), oh = P(p, OH), ow = P(p, OW)
  for (let q = q0; q < q1; q++) {
    const plane = x + <usize>(q * h * w) * 4
    let out = <usize>(q * oh * ow) * 4
    for (let y = 0; y < oh; y++) {
      const r0 = y * sh - ph
      for (let xo = 0; xo < ow; xo++) {
        const c0 = xo * sw - pw
        let best: f32 = -Infinity
        let at = -1
        for (let i = 0; i < kh; i++) {
          const r = r0 + i * dh
          if (r < 0 || r >= h) continue
          for (let j = 0; j < kw; j++) {
            const c = c0 + j * dw
            if (c < 0 || c >= w) continue
            const v = load<f32>(plane + <usize>(r * w + c) * 4)
            if (v > best || v != v || at < 0) {
              best = v
              at = r * w + c
            }
          }
        }
        store<f32>(values + out, best)
        store<i32>(indices + out, at)
        out += 4
      }
    }
  }
}
