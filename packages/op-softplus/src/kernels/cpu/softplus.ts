import { Tensor, type OpKernel } from '@othergrad/core'
import type { SoftplusAttrs } from '../../softplus'

/** Plain loop over a synchronous copy of the input; the CPU backend reads synchronously. */
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

export const softplusCpu: OpKernel<SoftplusAttrs> = ([x], { beta, threshold }, backend) => {
  if (!backend.readSync) return undefined
  const values = backend.readSync(x.storage, x.dtype, x.size)
  const out = x.dtype === 'float64' ? new Float64Array(x.size) : new Float32Array(x.size)
  softplusImpl(values, out, beta, threshold)
  return Tensor.fromStorage(backend, backend.write(out, x.dtype), x.shape, x.dtype)
}
