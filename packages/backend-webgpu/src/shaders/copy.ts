import type { Shader } from '../runtime'
import { ELEMENTWISE_MAIN, PARAMS, WORKGROUP, offsetsFn, storage } from './common'

/**
 * The strided copy behind permute, expand, slice, pad and concat: for every position of a
 * `rank`-dim block, `dst[dstBase + dst offset] = src[srcBase + src offset]`, moving raw words so
 * one pipeline serves every dtype. Params: n, span, srcBase, dstBase, shape, src/dst strides.
 */
export function copyShader(rank: number): Shader {
  return {
    key: `copy_r${rank}_wg${WORKGROUP}`,
    code: () => /* wgsl */ `
${PARAMS}
${storage(1, 'src', 'u32')}
${storage(2, 'dst', 'u32', 'read_write')}
${offsetsFn(rank, 4, [4 + rank, 4 + 2 * rank])}
${ELEMENTWISE_MAIN}
  let off = offsets(i);
  dst[P(3u) + off.y] = src[P(2u) + off.x];
}
`,
  }
}
