import type { Shader } from '../runtime'
import { ELEMENTWISE_MAIN, PARAMS, WORKGROUP, offsetsFn, storage } from './common'

/**
 * `torch.gather`: output position `i` (shaped like `index`) reads `x` at its own coordinates,
 * except along `dim`, where `index[i]` decides. Params: n, span, x's stride along dim,
 * index shape, x strides with dim's set to 0.
 */
export function gatherShader(rank: number): Shader {
  return {
    key: `gather_r${rank}_wg${WORKGROUP}`,
    code: () => /* wgsl */ `
${PARAMS}
${storage(1, 'x', 'u32')}
${storage(2, 'index', 'i32')}
${storage(3, 'y', 'u32', 'read_write')}
${offsetsFn(rank, 3, [3 + rank])}
${ELEMENTWISE_MAIN}
  y[i] = x[offsets(i).x + u32(index[i]) * P(2u)];
}
`,
  }
}
