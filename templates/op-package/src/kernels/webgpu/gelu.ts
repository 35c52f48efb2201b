import type { WebGpuKernelApi } from '@othergrad/backend-webgpu'
import { numel, type Kernel, type KernelSpec } from '@othergrad/core/backend'
import { PACKAGE, type GeluAttrs } from '../../gelu'

// Numerical Recipes' erfc Chebyshev terms; the first 15 are within 3e-10, far below float32's ulp.
const ERFC = [
  -1.3026537197817094, 6.419697923564902e-1, 1.9476473204185836e-2, -9.561514786808631e-3,
  -9.46595344482036e-4, 3.66839497852761e-4, 4.2523324806907e-5, -2.0278578112534e-5,
  -1.624290004647e-6, 1.30365583558e-6, 1.5626441722e-8, -8.5238095915e-8, 6.529054439e-9,
  5.059343495e-9, -9.91364156e-10,
]

/**
 * gelu (or dy · gelu'(x) when `backward`) in WGSL, float32, one invocation per element. The
 * tail h (Φ = 1 - h above 0, h below) comes from e^(-|…|) only, as in the CPU kernel, and
 * `expF` is the backend's (NaN stays NaN where SwiftShader's exp gives +inf).
 */
function geluWgsl(gpu: WebGpuKernelApi, backward: boolean, tanh: boolean): string {
  const { wgsl } = gpu
  // Clenshaw's recurrence unrolled, the terms as literals.
  const steps = ERFC.slice(1)
    .reverse()
    .map((c) => `  tmp = d; d = ty * d - dd + ${c}; dd = tmp;`)
    .join('\n')
  const tail = tanh
    ? `let e = expF(-2.0 * abs(${Math.sqrt(2 / Math.PI)} * (v + 0.044715 * v * v * v)));
  let h = e / (1.0 + e);`
    : `let h = halfErfc(abs(v) * ${Math.SQRT1_2});`
  const derivative = tanh
    ? `c + 2.0 * v * c * (1.0 - c) * ${Math.sqrt(2 / Math.PI)} * (1.0 + ${3 * 0.044715} * v * v)`
    : `c + v * expF(-0.5 * v * v) * ${1 / Math.sqrt(2 * Math.PI)}`
  return /* wgsl */ `
${gpu.paramsWgsl}
${wgsl.floatBits}
${wgsl.floatMath}
${wgsl.storage(1, 'x', 'f32')}
${backward ? wgsl.storage(2, 'dy', 'f32') : ''}
${wgsl.storage(backward ? 3 : 2, 'y', 'f32', 'read_write')}
fn halfErfc(z: f32) -> f32 {
  let t = 2.0 / (2.0 + z);
  let ty = 4.0 * t - 2.0;
  var d = 0.0;
  var dd = 0.0;
  var tmp = 0.0;
${steps}
  return 0.5 * t * expF(-z * z + 0.5 * (${ERFC[0]} + ty * d) - dd);
}
${wgsl.elementwiseMain}
  let v = x[i];
  ${tail}
  var c = h;
  if (v >= 0.0) { c = 1.0 - h; }
  if (isNan(v)) { c = v; }
  ${backward ? `y[i] = dy[i] * (${derivative});` : 'y[i] = v * c;'}
}
`
}

/**
 * The WebGPU kernels, recorded in the backend's batched command encoder: one pipeline per
 * (op, form), each named in its cache key.
 */
function geluWebgpuKernel(op: 'gelu' | 'geluBackward'): KernelSpec {
  const backward = op === 'geluBackward'
  return {
    op,
    backend: 'webgpu',
    create: (gpu: WebGpuKernelApi): Kernel<GeluAttrs> => {
      const shaders = (['none', 'tanh'] as const).map((form) => ({
        key: `${PACKAGE}:${op}_${form}_wg${gpu.workgroupSize}`,
        code: () => geluWgsl(gpu, backward, form === 'tanh'),
      }))
      return (inputs, { approximate }, [out]) => {
        const n = numel(out.shape)
        const y = gpu.alloc(n)
        if (n === 0) return y
        const { groups, span } = gpu.grid(n, gpu.workgroupSize)
        const shader = shaders[approximate === 'tanh' ? 1 : 0]
        const bindings = backward ? [inputs[1], inputs[0], y] : [inputs[0], y]
        gpu.dispatch(shader, [n, span], bindings, groups)
        return y
      }
    },
  }
}

/** The WebGPU kernels of gelu and geluBackward (float32: WGSL has no f64). */
export const geluWebgpu: KernelSpec[] = [geluWebgpuKernel('gelu'), geluWebgpuKernel('geluBackward')]
