import type { CpuKernelApi } from '@othergrad/backend-cpu'
import type { Kernel, KernelSpec } from '@othergrad/core'
import type { SoftplusAttrs } from '../../softplus'

/** softplus over typed arrays: `x` where `βx > threshold`, else `log1p(e^(βx)) / β`, stably. */
export function softplusImpl(
  x: ArrayLike<number>,
  out: Float32Array | Float64Array,
  beta: number,
  threshold: number,
): void {
  for (let i = 0; i < out.length; i++) {
    const bx = beta * x[i]
    out[i] = bx > threshold ? x[i] : (Math.max(bx, 0) + Math.log1p(Math.exp(-Math.abs(bx)))) / beta
  }
}

/** The CPU kernel: reads the input's typed array and fills the output's, with no copies. */
export const softplusCpu: KernelSpec = {
  op: 'softplus',
  backend: 'cpu',
  create: (cpu: CpuKernelApi): Kernel<SoftplusAttrs> => {
    return ([x], { beta, threshold }, [out]) => {
      const dtype = out.dtype === 'float64' ? 'float64' : 'float32'
      const xs = cpu.data(x)
      const y = cpu.alloc(dtype, xs.length)
      softplusImpl(xs, y.data, beta, threshold)
      return y.storage
    }
  },
}
