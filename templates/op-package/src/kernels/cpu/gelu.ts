import type { CpuKernelApi } from '@othergrad/backend-cpu'
import type { Kernel, KernelSpec } from '@othergrad/core'
import type { GeluAttrs } from '../../gelu'

// Numerical Recipes' Chebyshev fit of erfc (erfccheb): relative error below 2e-13 for z >= 0.
// prettier-ignore
const ERFC = [
  -1.3026537197817094, 6.419697923564902e-1, 1.9476473204185836e-2, -9.561514786808631e-3,
  -9.46595344482036e-4, 3.66839497852761e-4, 4.2523324806907e-5, -2.0278578112534e-5,
  -1.624290004647e-6, 1.30365583558e-6, 1.5626441722e-8, -8.5238095915e-8, 6.529054439e-9,
  5.059343495e-9, -9.91364156e-10, -2.27365122e-10, 9.6467911e-11, 2.394038e-12,
  -6.886027e-12, 8.94487e-13, 3.13092e-13, -1.12708e-13, 3.81e-16, 7.106e-15, -1.523e-15,
  -9.4e-17, 1.21e-16, -2.8e-17,
]
const SQRT1_2 = Math.SQRT1_2
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI)
const K = Math.sqrt(2 / Math.PI)
const A = 0.044715

/** erfc(z)/2 for z >= 0, by Clenshaw's recurrence over the Chebyshev terms. */
function halfErfc(z: number): number {
  const t = 2 / (2 + z)
  const ty = 4 * t - 2
  let d = 0
  let dd = 0
  for (let j = ERFC.length - 1; j > 0; j--) {
    const tmp = d
    d = ty * d - dd + ERFC[j]
    dd = tmp
  }
  return 0.5 * t * Math.exp(-z * z + 0.5 * (ERFC[0] + ty * d) - dd)
}

/**
 * gelu over typed arrays, or `dy · gelu'(x)` when `dy` is given. Φ(x) (or σ(2u) for tanh) is
 * `1 - h` for x >= 0 and `h` below, with the tail `h` made from e^(-|…|): nothing overflows.
 */
export function geluImpl(
  x: ArrayLike<number>,
  dy: ArrayLike<number> | null,
  out: Float32Array | Float64Array,
  tanh: boolean,
): void {
  for (let i = 0; i < out.length; i++) {
    const v = x[i]
    let h: number
    if (tanh) {
      const e = Math.exp(-2 * Math.abs(K * (v + A * v * v * v)))
      h = e / (1 + e)
    } else {
      h = halfErfc(Math.abs(v) * SQRT1_2)
    }
    const c = v >= 0 ? 1 - h : h
    if (dy === null) {
      out[i] = v * c
    } else {
      const d = tanh
        ? c + 2 * v * c * (1 - c) * K * (1 + 3 * A * v * v)
        : c + v * Math.exp(-0.5 * v * v) * INV_SQRT_2PI
      out[i] = dy[i] * d
    }
  }
}

/** The CPU kernels: read the inputs' typed arrays and fill the output's, with no copies. */
export const geluCpu: KernelSpec[] = [
  {
    op: 'gelu',
    backend: 'cpu',
    create: (cpu: CpuKernelApi): Kernel<GeluAttrs> => {
      return ([x], { approximate }, [out]) => {
        const xs = cpu.data(x)
        const y = cpu.alloc(out.dtype === 'float64' ? 'float64' : 'float32', xs.length)
        geluImpl(xs, null, y.data, approximate === 'tanh')
        return y.storage
      }
    },
  },
  {
    op: 'geluBackward',
    backend: 'cpu',
    create: (cpu: CpuKernelApi): Kernel<GeluAttrs> => {
      return ([dy, x], { approximate }, [out]) => {
        const xs = cpu.data(x)
        const y = cpu.alloc(out.dtype === 'float64' ? 'float64' : 'float32', xs.length)
        geluImpl(xs, cpu.data(dy), y.data, approximate === 'tanh')
        return y.storage
      }
    },
  },
]
