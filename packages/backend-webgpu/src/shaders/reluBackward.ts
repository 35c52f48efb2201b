import type { Shader } from '../runtime'
import { wgslType, type GpuDType } from '../storage'
import { ELEMENTWISE_MAIN, FLOAT_BITS, PARAMS, WORKGROUP, storage } from './common'

/**
 * `dx = y <= 0 ? 0 : dy`, torch's threshold_backward: a NaN `y` passes `dy` through, and a NaN
 * `dy` is dropped where `y <= 0`, which `dy * (y > 0)` would get wrong both ways.
 */
export function reluBackwardShader(dtype: GpuDType): Shader {
  const t = wgslType(dtype)
  return {
    key: `reluBackward_${t}_wg${WORKGROUP}`,
    code: () => /* wgsl */ `
${PARAMS}
${FLOAT_BITS}
${storage(1, 'dy', t)}
${storage(2, 'y', t)}
${storage(3, 'dx', t, 'read_write')}
${ELEMENTWISE_MAIN}
  dx[i] = select(dy[i], ${t}(0), ${dtype === 'float32' ? 'y[i] <= 0.0 && !isNan(y[i])' : `y[i] <= ${t}(0)`});
}
`,
  }
}
