import type { Shader } from '../runtime'
import { wgslType, type GpuDType } from '../storage'
import { ELEMENTWISE_MAIN, PARAMS, WORKGROUP, storage } from './common'

/**
 * The adjoint of indexSelect, without atomics: output `[outer, size, inner]` element `(o, v, j)`
 * sums, in index order, `src[o, k, j]` over every `k` with `index[k] == v`.
 * Params: n, span, count, inner, size.
 */
export function indexAddShader(dtype: GpuDType): Shader {
  const t = wgslType(dtype)
  return {
    key: `indexAdd_${t}_wg${WORKGROUP}`,
    code: () => /* wgsl */ `
${PARAMS}
${storage(1, 'index', 'i32')}
${storage(2, 'src', t)}
${storage(3, 'y', t, 'read_write')}
${ELEMENTWISE_MAIN}
  let count = P(2u);
  let inner = P(3u);
  let size = P(4u);
  let j = i % inner;
  let v = (i / inner) % size;
  let o = i / (inner * size);
  var acc = ${t}(0);
  for (var k = 0u; k < count; k++) {
    if (u32(index[k]) == v) { acc += src[(o * count + k) * inner + j]; }
  }
  y[i] = acc;
}
`,
  }
}
