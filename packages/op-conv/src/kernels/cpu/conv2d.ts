/**
 * conv2d and its two gradients on typed arrays: per batch item and group, im2col into a scratch
 * buffer (skipped for 1x1 kernels with stride 1 and no padding, where the input already is the
 * column matrix), then one product.
 */
import type { CpuKernelApi } from '@othergrad/backend-cpu'
import type { Kernel, KernelSpec, TensorInfo } from '@othergrad/core'
import type { Conv2dAttrs, Conv2dInputGradAttrs, Conv2dWeightGradAttrs } from '../../conv2d'
import { gemm, type FloatArray } from './gemm'
import { col2imImpl, im2colImpl } from './im2col'

/** Reused column buffers, one per dtype, grown as needed (a kernel call never runs re-entrantly). */
class Scratch {
  private f32 = new Float32Array(0)
  private f64 = new Float64Array(0)

  get(dtype: string, size: number): FloatArray {
    if (dtype === 'float64') {
      if (this.f64.length < size) this.f64 = new Float64Array(size)
      return this.f64
    }
    if (this.f32.length < size) this.f32 = new Float32Array(size)
    return this.f32
  }
}

/** Whether the input itself is the column matrix: a 1x1 window at stride 1 with no padding. */
function isPointwise(a: Conv2dAttrs): boolean {
  return (
    a.kernel[0] === 1 &&
    a.kernel[1] === 1 &&
    a.stride[0] === 1 &&
    a.stride[1] === 1 &&
    a.padBefore[0] === 0 &&
    a.padBefore[1] === 0 &&
    a.padAfter[0] === 0 &&
    a.padAfter[1] === 0
  )
}

function floats(cpu: CpuKernelApi, t: TensorInfo): FloatArray {
  return cpu.data(t) as FloatArray
}

/** Shapes of one call: batch, channels, spatial sizes, groups, and the product's sizes. */
function dims(x: readonly number[], w: readonly number[], y: readonly number[], groups: number) {
  const [n, c, h, wd] = x
  const [o, cg, kh, kw] = w
  const [, , oh, ow] = y
  return { n, c, h, wd, o, cg, og: o / groups, k: cg * kh * kw, oh, ow, l: oh * ow }
}

export const conv2dCpu: KernelSpec = {
  op: 'conv2d',
  backend: 'cpu',
  create: (cpu: CpuKernelApi): Kernel<Conv2dAttrs> => {
    const scratch = new Scratch()
    return ([x, w, b], attrs, [out]) => {
      const { n, c, h, wd, o, cg, og, k, oh, ow, l } = dims(
        x.shape,
        w.shape,
        out.shape,
        attrs.groups,
      )
      const xs = floats(cpu, x)
      const ws = floats(cpu, w)
      const bs = b === undefined ? null : floats(cpu, b)
      const y = cpu.alloc(out.dtype, n * o * l)
      const ys = y.data as FloatArray
      const pointwise = isPointwise(attrs)
      const cols = pointwise ? xs : scratch.get(out.dtype, k * l)
      for (let i = 0; i < n; i++) {
        for (let g = 0; g < attrs.groups; g++) {
          const xOff = (i * c + g * cg) * h * wd
          if (!pointwise) im2colImpl(xs, xOff, cg, h, wd, attrs, oh, ow, cols)
          const yOff = (i * o + g * og) * l
          if (bs !== null)
            for (let r = 0; r < og; r++) ys.fill(bs[g * og + r], yOff + r * l, yOff + (r + 1) * l)
          gemm(false, false, og, l, k, ws, g * og * k, cols, pointwise ? xOff : 0, ys, yOff)
        }
      }
      return y.storage
    }
  },
}

export const conv2dInputGradCpu: KernelSpec = {
  op: 'conv2dInputGrad',
  backend: 'cpu',
  create: (cpu: CpuKernelApi): Kernel<Conv2dInputGradAttrs> => {
    const scratch = new Scratch()
    return ([dy, w], attrs, [out]) => {
      const { n, c, h, wd, o, cg, og, k, oh, ow, l } = dims(
        out.shape,
        w.shape,
        dy.shape,
        attrs.groups,
      )
      const dys = floats(cpu, dy)
      const ws = floats(cpu, w)
      const dx = cpu.alloc(out.dtype, n * c * h * wd)
      const dxs = dx.data as FloatArray
      const pointwise = isPointwise(attrs)
      for (let i = 0; i < n; i++) {
        for (let g = 0; g < attrs.groups; g++) {
          const xOff = (i * c + g * cg) * h * wd
          const dyOff = (i * o + g * og) * l
          if (pointwise) {
            gemm(true, false, k, l, og, ws, g * og * k, dys, dyOff, dxs, xOff)
            continue
          }
          const cols = scratch.get(out.dtype, k * l)
          cols.fill(0, 0, k * l)
          gemm(true, false, k, l, og, ws, g * og * k, dys, dyOff, cols, 0)
          col2imImpl(cols, cg, h, wd, attrs, oh, ow, dxs, xOff)
        }
      }
      return dx.storage
    }
  },
}

export const conv2dWeightGradCpu: KernelSpec = {
  op: 'conv2dWeightGrad',
  backend: 'cpu',
  create: (cpu: CpuKernelApi): Kernel<Conv2dWeightGradAttrs> => {
    const scratch = new Scratch()
    return ([x, dy], attrs, [out]) => {
      const { n, c, h, wd, o, cg, og, k, oh, ow, l } = dims(
        x.shape,
        out.shape,
        dy.shape,
        attrs.groups,
      )
      const xs = floats(cpu, x)
      const dys = floats(cpu, dy)
      const dw = cpu.alloc(out.dtype, o * k)
      const dws = dw.data as FloatArray
      const pointwise = isPointwise(attrs)
      const cols = pointwise ? xs : scratch.get(out.dtype, k * l)
      for (let i = 0; i < n; i++) {
        for (let g = 0; g < attrs.groups; g++) {
          const xOff = (i * c + g * cg) * h * wd
          if (!pointwise) im2colImpl(xs, xOff, cg, h, wd, attrs, oh, ow, cols)
          gemm(
            false,
            true,
            og,
            k,
            l,
            dys,
            (i * o + g * og) * l,
            cols,
            pointwise ? xOff : 0,
            dws,
            g * og * k,
          )
        }
      }
      return dw.storage
    }
  },
}
