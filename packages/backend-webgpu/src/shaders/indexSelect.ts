import type { Shader } from '../runtime'
import { ELEMENTWISE_MAIN, PARAMS, WORKGROUP, storage } from './common'

/**
 * `torch.index_select` on `x` viewed as `[outer, size, inner]`: output `[outer, count, inner]`
 * takes slice `index[k]` as slice `k`. Params: n, span, count, inner, size.
 */
export function indexSelectShader(): Shader {
  return {
    key: `indexSelect_wg${WORKGROUP}`,
    code: () => /* wgsl */ `
${PARAMS}
${storage(1, 'x', 'u32')}
${storage(2, 'index', 'i32')}
${storage(3, 'y', 'u32', 'read_write')}
${ELEMENTWISE_MAIN}
  let count = P(2u);
  let inner = P(3u);
  let j = i % inner;
  let k = (i / inner) % count;
  let o = i / (inner * count);
  y[i] = x[(o * P(4u) + u32(index[k])) * inner + j];
}
`,
  }
}
