import type { CpuKernelApi } from '@othergrad/backend-cpu'
import type { Kernel, KernelSpec } from '@othergrad/core'
import type { PoolAttrs } from '../../pool'
import type { FloatArray } from './gemm'

/**
 * Max pooling over `planes` planes of `h × w`: each output's value and the flat index of its
 * maximum in the plane. Padding never wins; a NaN does (the last one in the window, as PyTorch's
 * CPU kernel scans).
 */
export function maxPool2dImpl(
  x: FloatArray,
  planes: number,
  h: number,
  w: number,
  attrs: PoolAttrs,
  oh: number,
  ow: number,
  values: FloatArray,
  indices: Int32Array,
): void {
  const [kh, kw] = attrs.kernel
  const [sh, sw] = attrs.stride
  const [ph, pw] = attrs.padBefore
  const [dh, dw] = attrs.dilation
  let o = 0
  for (let p = 0; p < planes; p++) {
    const plane = p * h * w
    for (let y = 0; y < oh; y++) {
      const r0 = y * sh - ph
      for (let xo = 0; xo < ow; xo++) {
        const c0 = xo * sw - pw
        let best = -Infinity
        let at = -1
        for (let i = 0; i < kh; i++) {
          const r = r0 + i * dh
          if (r < 0 || r >= h) continue
          for (let j = 0; j < kw; j++) {
            const c = c0 + j * dw
            if (c < 0 || c >= w) continue
            const v = x[plane + r * w + c]
            if (v > best || v !== v || at < 0) {
              best = v
              at = r * w + c
            }
          }
        }
        values[o] = best
        indices[o++] = at
      }
    }
  }
}

export const maxPool2dCpu: KernelSpec = {
  op: 'maxPool2d',
  backend: 'cpu',
  create:
    (cpu: CpuKernelApi): Kernel<PoolAttrs> =>
    ([x], attrs, [out, idx]) => {
      const [n, c, h, w] = x.shape
      const [, , oh, ow] = out.shape
      const size = n * c * oh * ow
      const values = cpu.alloc(out.dtype, size)
      const indices = cpu.alloc(idx.dtype, size)
      const xs = cpu.data(x) as FloatArray
      maxPool2dImpl(
        xs,
        n * c,
        h,
        w,
        attrs,
        oh,
        ow,
        values.data as FloatArray,
        indices.data as Int32Array,
      )
      return [values.storage, indices.storage]
    },
}
