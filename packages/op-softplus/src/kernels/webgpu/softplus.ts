import type { WebGpuKernelApi } from '@othergrad/backend-webgpu'
import { numel, type Kernel, type KernelSpec } from '@othergrad/core/backend'
import type { SoftplusAttrs } from '../../softplus'

/**
 * softplus in WGSL (float32): x where βx > threshold, else (max(βx, 0) + log1p(e^(-|βx|))) / β.
 * exp and log1p are the backend's (`expF` keeps NaN where SwiftShader's exp gives +inf; `log1pF`
 * stays accurate near 0), and NaN is tested on its bits, since some compilers turn a comparison
 * and select into max() or an unordered compare.
 */
function softplusWgsl(gpu: WebGpuKernelApi): string {
  const { wgsl } = gpu
  return /* wgsl */ `
${gpu.paramsWgsl}
${wgsl.floatBits}
${wgsl.floatMath}
${wgsl.storage(1, 'x', 'f32')}
${wgsl.storage(2, 'y', 'f32', 'read_write')}
${wgsl.elementwiseMain}
  let beta = bitcast<f32>(P(2u));
  let threshold = bitcast<f32>(P(3u));
  let v = x[i];
  let z = v * beta;
  if (isNan(z)) { y[i] = z; return; }
  if (z > threshold) { y[i] = v; return; }
  y[i] = (max(z, 0.0) + log1pF(expF(-abs(z)))) / beta;
}
`
}

/**
 * The WebGPU kernel: one invocation per element, recorded in the backend's batched command
 * encoder. beta and threshold travel as f32 parameter words, so one pipeline serves every call.
 */
export const softplusWebgpu: KernelSpec = {
  op: 'softplus',
  backend: 'webgpu',
  create: (gpu: WebGpuKernelApi): Kernel<SoftplusAttrs> => {
    const shader = {
      key: `@othergrad/op-softplus:softplus_f32_wg${gpu.workgroupSize}`,
      code: () => softplusWgsl(gpu),
    }
    return ([x], { beta, threshold }, [out]) => {
      const n = numel(out.shape)
      const y = gpu.alloc(n)
      if (n === 0) return y
      const { groups, span } = gpu.grid(n, gpu.workgroupSize)
      const params = [n, span, gpu.floatWord(beta), gpu.floatWord(threshold)]
      gpu.dispatch(shader, params, [x, y], groups)
      return y
    }
  },
}
