/**
 * im2col and its adjoint for float32 planes: `cols[(c·KH + i)·KW + j][oh·OW + ow]` is the input
 * element window position `(i, j)` of output `(oh, ow)` reads (0 in the padding). Rows of the
 * window that fall inside the input are copied as runs, with SIMD where the stride is 1.
 */

/**
 * The geometry of one call, as the glue writes it: 16 i32 words at `p` (channels of one group,
 * input h and w, kernel, stride, padding before, dilation, output h and w, then batch, groups,
 * out channels).
 */
@inline export function P(p: usize, i: i32): i32 {
  return load<i32>(p + (<usize>i << 2))
}
export const C = 0
export const H = 1
export const W = 2
export const KH = 3
export const KW = 4
export const SH = 5
export const SW = 6
export const PH = 7
export const PW = 8
export const DH = 9
export const DW = 10
export const OH = 11
export const OW = 12
export const N = 13
export const GROUPS = 14
export const O = 15

/** Width of a packed strip: gemm.ts's NR (8), written out to keep this file free of imports. */
const STRIP: i32 = 8

/** First output column whose input column `o * stride + offset` is ≥ 0. */
@inline
function firstValid(stride: i32, offset: i32, out: i32): i32 {
  return offset >= 0 ? 0 : min(out, (-offset + stride - 1) / stride)
}

/** One past the last output column whose input column is < w. */
@inline
function lastValid(w: i32, stride: i32, offset: i32, out: i32): i32 {
  return w - 1 - offset < 0 ? 0 : min(out, (w - 1 - offset) / stride + 1)
}

/** `cols` (K x L) of `cs` planes of `x`. */
export function im2col(x: usize, p: usize, cols: usize): void {
  const cs = P(p, C), h = P(p, H), w = P(p, W), kh = P(p, KH), kw = P(p, KW), sh = P(p, SH), sw = P(p, SW)
  const ph = P(p, PH), pw = P(p, PW), dh = P(p, DH), dw = P(p, DW), oh = P(p, OH), ow = P(p, OW)
  const l = oh * ow
  let dst = cols
  for (let c = 0; c < cs; c++) {
    const plane = x + <usize>(c * h * w) * 4
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const offset = j * dw - pw
        const first = firstValid(sw, offset, ow)
        const last = max(first, lastValid(w, sw, offset, ow))
        for (let y = 0; y < oh; y++) {
          const row = y * sh - ph + i * dh
          const d = dst + <usize>(y * ow) * 4
          if (row < 0 || row >= h) {
            memory.fill(d, 0, <usize>ow * 4)
            continue
          }
          const s = plane + <usize>(row * w + offset) * 4
          if (first > 0) memory.fill(d, 0, <usize>first * 4)
          if (sw == 1) {
            let o = first
            for (; o + 4 <= last; o += 4) v128.store(d + <usize>o * 4, v128.load(s + <usize>o * 4))
            for (; o < last; o++) store<f32>(d + <usize>o * 4, load<f32>(s + <usize>o * 4))
          } else {
            for (let o = first; o < last; o++) store<f32>(d + <usize>o * 4, load<f32>(s + <usize>(o * sw) * 4))
          }
          if (last < ow) memory.fill(d + <usize>last * 4, 0, <usize>(ow - last) * 4)
        }
        dst += <usize>l * 4
      }
    }
  }
}

/** Adds every value of `cols` (K x L) into the element of `cs` planes of `dx` it was read from. */
export function col2im(cols: usize, p: usize, dx: usize): void {
  const cs = P(p, C), h = P(p, H), w = P(p, W), kh = P(p, KH), kw = P(p, KW), sh = P(p, SH), sw = P(p, SW)
  const ph = P(p, PH), pw = P(p, PW), dh = P(p, DH), dw = P(p, DW), oh = P(p, OH), ow = P(p, OW)
  const l = oh * ow
  let src = cols
  for (let c = 0; c < cs; c++) {
    const plane = dx + <usize>(c * h * w) * 4
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const offset = j * dw - pw
        const first = firstValid(sw, offset, ow)
        const last = max(first, lastValid(w, sw, offset, ow))
        for (let y = 0; y < oh; y++) {
          const row = y * sh - ph + i * dh
          if (row < 0 || row >= h) continue
          const s = src + <usize>(y * ow) * 4
          const d = plane + <usize>(row * w + offset) * 4
          if (sw == 1) {
            let o = first
            for (; o + 4 <= last; o += 4) {
              const at = d + <usize>o * 4
              v128.store(at, f32x4.add(v128.load(at), v128.load(s + <usize>o * 4)))
            }
            for (; o < last; o++) {
              const at = d + <usize>o * 4
              store<f32>(at, load<f32>(at) + load<f32>(s + <usize>o * 4))
            }
          } else {
            for (let o = first; o < last; o++) {
              const at = d + <usize>(o * sw) * 4
              store<f32>(at, load<f32>(at) + load<f32>(s + <usize>o * 4))
            }
          }
        }
        src += <usize>l * 4
      }
    }
  }
}

/**
 * Columns `[j0, j0 + nb)` of `im2col(x)` packed as NR-wide strips (`k x NR`, zero past `nb`),
 * exactly as gemm.ts's `packBRows` packs them from stored columns, but read from `x` itself.
 * Eight columns that lie in one output row and, at stride 1, in one input row are two SIMD
 * loads per window position; the rest are gathered one by one (zero in the padding).
 */
export function packIm2col(x: usize, p: usize, j0: i32, nb: i32, dst: usize): void {
  const cs = P(p, C), h = P(p, H), w = P(p, W), kh = P(p, KH), kw = P(p, KW), sh = P(p, SH), sw = P(p, SW)
  const ph = P(p, PH), pw = P(p, PW), dh = P(p, DH), dw = P(p, DW), ow = P(p, OW)
  let d = dst
  for (let j = 0; j < nb; j += STRIP) {
    const col = j0 + j
    const n = min(STRIP, nb - j)
    const y = col / ow
    const o = col - y * ow
    const oneRow = sw == 1 && n == STRIP && o + STRIP <= ow
    for (let c = 0; c < cs; c++) {
      const plane = x + <usize>(c * h * w) * 4
      for (let i = 0; i < kh; i++) {
        const row = y * sh - ph + i * dh
        for (let jj = 0; jj < kw; jj++) {
          const c0 = o - pw + jj * dw
          if (oneRow && row >= 0 && row < h && c0 >= 0 && c0 + STRIP <= w) {
            const s = plane + <usize>(row * w + c0) * 4
            v128.store(d, v128.load(s))
            v128.store(d, v128.load(s, 16), 16)
          } else {
            for (let t = 0; t < STRIP; t++) {
              let v: f32 = 0
              if (t < n) {
                const yy = (col + t) / ow
                const r = yy * sh - ph + i * dh
                const q = (col + t - yy * ow) * sw - pw + jj * dw
                if (r >= 0 && r < h && q >= 0 && q < w) v = load<f32>(plane + <usize>(r * w + q) * 4)
              }
              store<f32>(d + (<usize>t << 2), v)
            }
          }
          d += <usize>STRIP << 2
        }
      }
    }
  }
}
