import type { Shader } from '../runtime'
import type { DType } from '@othergrad/core/backend'
import { smallIntWrap, wgslType, type GpuDType } from '../storage'
import { ELEMENTWISE_MAIN, FLOAT_BITS, FLOAT_MATH, PARAMS, WORKGROUP, storage } from './common'

/** How `v` of one dtype becomes another; anything → bool is `!= 0`, so NaN is true. */
function convert(from: GpuDType, to: GpuDType): string {
  if (to === 'bool') {
    return from === 'float32'
      ? 'select(0u, 1u, v != 0.0 || isNan(v))'
      : `select(0u, 1u, v != ${from === 'int32' ? '0i' : '0u'})`
  }
  if (to === 'int32') return from === 'float32' ? 'toI32(v)' : from === 'int32' ? 'v' : 'i32(v)'
  return 'f32(v)'
}

/**
 * `y = dtype(x)` elementwise, between two different dtypes; with `narrow`, the int32 result
 * wraps into uint8/int8/int16.
 */
export function castShader(from: GpuDType, to: GpuDType, narrow?: DType): Shader {
  const value = smallIntWrap(narrow ?? to, convert(from, to)) ?? convert(from, to)
  return {
    key: `cast_${from}_to_${to}${narrow && narrow !== to ? `_${narrow}` : ''}_wg${WORKGROUP}`,
    code: () => /* wgsl */ `
${PARAMS}
${FLOAT_BITS}
${FLOAT_MATH}
${storage(1, 'x', wgslType(from))}
${storage(2, 'y', wgslType(to), 'read_write')}
${ELEMENTWISE_MAIN}
  let v = x[i];
  y[i] = ${value};
}
`,
  }
}
