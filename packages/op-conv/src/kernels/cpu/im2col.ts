import type { WindowAttrs } from '../../geometry'
import type { FloatArray } from './gemm'

/** The output columns `[first, last)` whose input column `x * stride + offset` is inside `[0, w)`. */
function validRange(w: number, out: number, stride: number, offset: number): [number, number] {
  const first = Math.min(out, Math.max(0, Math.ceil(-offset / stride)))
  const last = Math.min(out, Math.floor((w - 1 - offset) / stride) + 1)
  return [first, Math.max(first, last)]
}

/**
 * `cols[(c·KH + i)·KW + j][oh·OW + ow]` = the input element window `(i, j)` of output `(oh, ow)`
 * reads in plane `c` (0 in the padding), for `channels` planes of `h × w` from `xOff`.
 */
export function im2colImpl(
  x: FloatArray,
  xOff: number,
  channels: number,
  h: number,
  w: number,
  attrs: WindowAttrs,
  oh: number,
  ow: number,
  cols: FloatArray,
): void {
  const [kh, kw] = attrs.kernel
  const [sh, sw] = attrs.stride
  const [ph, pw] = attrs.padBefore
  const [dh, dw] = attrs.dilation
  const l = oh * ow
  let dst = 0
  for (let c = 0; c < channels; c++) {
    const plane = xOff + c * h * w
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const offset = j * dw - pw
        const [first, last] = validRange(w, ow, sw, offset)
        for (let y = 0; y < oh; y++) {
          const row = y * sh - ph + i * dh
          const d = dst + y * ow
          if (row < 0 || row >= h) {
            cols.fill(0, d, d + ow)
            continue
          }
          const src = plane + row * w + offset
          for (let o = 0; o < first; o++) cols[d + o] = 0
          if (sw === 1) for (let o = first; o < last; o++) cols[d + o] = x[src + o]
          else for (let o = first; o < last; o++) cols[d + o] = x[src + o * sw]
          for (let o = last; o < ow; o++) cols[d + o] = 0
        }
        dst += l
      }
    }
  }
}

/** The adjoint of `im2colImpl`: adds each column value into the input element it reads. */
export function col2imImpl(
  cols: FloatArray,
  channels: number,
  h: number,
  w: number,
  attrs: WindowAttrs,
  oh: number,
  ow: number,
  dx: FloatArray,
  dxOff: number,
): void {
  const [kh, kw] = attrs.kernel
  const [sh, sw] = attrs.stride
  const [ph, pw] = attrs.padBefore
  const [dh, dw] = attrs.dilation
  const l = oh * ow
  let src = 0
  for (let c = 0; c < channels; c++) {
    const plane = dxOff + c * h * w
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const offset = j * dw - pw
        const [first, last] = validRange(w, ow, sw, offset)
        for (let y = 0; y < oh; y++) {
          const row = y * sh - ph + i * dh
          if (row < 0 || row >= h) continue
          const s = src + y * ow
          const d = plane + row * w + offset
          for (let o = first; o < last; o++) dx[d + o * sw] += cols[s + o]
        }
        src += l
      }
    }
  }
}
