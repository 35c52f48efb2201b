import type { Shader } from '../runtime'
import { wgslType, type GpuDType } from '../storage'
import { ELEMENTWISE_MAIN, FLOAT_BITS, FLOAT_MATH, PARAMS, WORKGROUP, storage } from './common'

/** How `v` of one dtype becomes another; anything → bool is `!= 0`, so NaN is true. */
function convert(from: GpuDType, to: GpuDType): string {
  if (to === 'bool') {
    return from === 'float32'
      ? 'select(0u, 1u, v != 0.0 || isNan(v))'
      : `select(0u, 1u, v != ${from === 'int32' ? '0i' : '0u'})`
  }
  if (to === 'int32') return from === 'float32' ? 'toI32(v)' : 'i32(v)'
  return 'f32(v)'
}

/** `y = dtype(x)` elementwise, between two different dtypes. */
export function castShader(from: GpuDType, to: GpuDType): Shader {
  return {
    key: `cast_${from}_to_${to}_wg${WORKGROUP}`,
    code: () => /* wgsl */ `
${PARAMS}
${FLOAT_BITS}
${FLOAT_MATH}
${storage(1, 'x', wgslType(from))}
${storage(2, 'y', wgslType(to), 'read_write')}
${ELEMENTWISE_MAIN}
  let v = x[i];
  y[i] = ${convert(from, to)};
}
`,
  }
}
