/**
 * conv2d and its two gradients in float32 with SIMD128: per batch item and group, im2col into
 * scratch, pack, and one packed product (gemm.ts). Each call covers batch items `[n0, n1)`, so
 * the glue can split a batch into units of work. The weight operand is packed once per call.
 *
 * Scratch (the glue allocates it) starts with a 128-byte edge tile; the rest is laid out per
 * kernel below. `p` points at the geometry words of im2col.ts.
 */
import { gemmPacked, MR, NR, packACols, packARows, packBCols, packBRows } from './gemm'
import { C, col2im, DH, DW, GROUPS, H, im2col, KH, KW, O, OH, OW, P, PH, PW, SH, SW, W } from './im2col'

const TILE: usize = 128

@inline
function roundUp(n: i32, to: i32): i32 {
  return ((n + to - 1) / to) * to
}

/** `y[n0..n1) = conv2d(x, w) + b` (`b` = 0: no bias). Scratch: tile, packed w, cols, packed cols. */
export function conv2dF32(x: usize, w: usize, b: usize, y: usize, p: usize, n0: i32, n1: i32, scratch: usize): void {
  const cg = P(p, C), h = P(p, H), wd = P(p, W), groups = P(p, GROUPS), o = P(p, O)
  const og = o / groups
  const k = cg * P(p, KH) * P(p, KW)
  const l = P(p, OH) * P(p, OW)
  const aBytes = <usize>(roundUp(og, MR) * k) * 4
  const ap = scratch + TILE
  const cols = ap + <usize>groups * aBytes
  const bp = cols + <usize>(k * l) * 4
  for (let g = 0; g < groups; g++) packARows(w + <usize>(g * og * k) * 4, k, og, k, ap + <usize>g * aBytes)
  for (let n = n0; n < n1; n++) {
    for (let g = 0; g < groups; g++) {
      im2col(x + <usize>((n * groups + g) * cg * h * wd) * 4, p, cols)
      packBRows(cols, l, l, k, bp)
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
      gemmPacked(ap + <usize>g * aBytes, bp, og, l, k, yg, l, b != 0, scratch)
    }
  }
}

/** Bytes of scratch `conv2dF32` needs. */
export function conv2dScratch(p: usize): usize {
  const groups = P(p, GROUPS)
  const og = P(p, O) / groups
  const k = P(p, C) * P(p, KH) * P(p, KW)
  const l = P(p, OH) * P(p, OW)
  return TILE + <usize>(groups * roundUp(og, MR) * k + k * l + roundUp(l, NR) * k) * 4
}

/**
 * `dx[n0..n1)` of `y = conv2d(x, w)` from `dy`: cols = wᵀ · dy per group, then col2im (dx is
 * overwritten). Scratch: tile, packed wᵀ, cols, packed dy.
 */
export function conv2dInputGradF32(dy: usize, w: usize, dx: usize, p: usize, n0: i32, n1: i32, scratch: usize): void {
  const cg = P(p, C), h = P(p, H), wd = P(p, W), groups = P(p, GROUPS), o = P(p, O)
  const og = o / groups
  const k = cg * P(p, KH) * P(p, KW)
  const l = P(p, OH) * P(p, OW)
  const aBytes = <usize>(roundUp(k, MR) * og) * 4
  const ap = scratch + TILE
  const cols = ap + <usize>groups * aBytes
  const bp = cols + <usize>(k * l) * 4
  // wᵀ: w is stored [og, k], the transpose of the [k, og] operand.
  for (let g = 0; g < groups; g++) packACols(w + <usize>(g * og * k) * 4, k, k, og, ap + <usize>g * aBytes)
  const plane = cg * h * wd
  memory.fill(dx + <usize>(n0 * groups * plane) * 4, 0, <usize>((n1 - n0) * groups * plane) * 4)
  for (let n = n0; n < n1; n++) {
    for (let g = 0; g < groups; g++) {
      packBRows(dy + <usize>((n * o + g * og) * l) * 4, l, l, og, bp)
      gemmPacked(ap + <usize>g * aBytes, bp, k, l, og, cols, l, false, scratch)
      col2im(cols, p, dx + <usize>((n * groups + g) * plane) * 4)
    }
  }
}

/** Bytes of scratch `conv2dInputGradF32` needs. */
export function conv2dInputGradScratch(p: usize): usize {
  const groups = P(p, GROUPS)
  const og = P(p, O) / groups
  const k = P(p, C) * P(p, KH) * P(p, KW)
  const l = P(p, OH) * P(p, OW)
  return TILE + <usize>(groups * roundUp(k, MR) * og + k * l + roundUp(l, NR) * og) * 4
}

/**
 * `dw += Σ_{n0 ≤ n < n1} dy[n] · cols[n]ᵀ` per group (the caller zeroes `dw` once). Scratch:
 * tile, packed dy, cols, packed colsᵀ.
 */
export function conv2dWeightGradF32(x: usize, dy: usize, dw: usize, p: usize, n0: i32, n1: i32, scratch: usize): void {
  const cg = P(p, C), h = P(p, H), wd = P(p, W), groups = P(p, GROUPS), o = P(p, O)
  const og = o / groups
  const k = cg * P(p, KH) * P(p, KW)
  const l = P(p, OH) * P(p, OW)
  const ap = scratch + TILE
  const cols = ap + <usize>(roundUp(og, MR) * l) * 4
  const bp = cols + <usize>(k * l) * 4
  for (let n = n0; n < n1; n++) {
    for (let g = 0; g < groups; g++) {
      im2col(x + <usize>((n * groups + g) * cg * h * wd) * 4, p, cols)
      packARows(dy + <usize>((n * o + g * og) * l) * 4, l, og, l, ap)
      packBCols(cols, l, k, l, bp)
      gemmPacked(ap, bp, og, k, l, dw + <usize>(g * og * k) * 4, k, true, scratch)
    }
  }
}

/** Bytes of scratch `conv2dWeightGradF32` needs. */
export function conv2dWeightGradScratch(p: usize): usize {
  const groups = P(p, GROUPS)
  const og = P(p, O) / groups
  const k = P(p, C) * P(p, KH) * P(p, KW)
  const l = P(p, OH) * P(p, OW)
  return TILE + <usize>(roundUp(og, MR) * l + k * l + roundUp(k, NR) * l) * 4
}

/**
 * Max pooling of planes `[q0, q1)`: values and the flat index of each maximum in its plane
 * (padding never wins; a NaN does, the last in the window, as PyTorch's CPU kernel).
 */
export function maxPool2dF32(x: usize, values: usize, indices: usize, p: usize, q0: i32, q1: i32): void {
  const h = P(p, H), w = P(p, W), kh = P(p, KH), kw = P(p, KW), sh = P(p, SH), sw = P(p, SW)
  const ph = P(p, PH), pw = P(p, PW), dh = P(p, DH), dw = P(p, DW), oh = P(p, OH), ow = P(p, OW)
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
