import type { Shader } from '../runtime'
import { ELEMENTWISE_MAIN, PARAMS, WORKGROUP, offsetsFn, storage } from './common'

/**
 * `y = cond ? a : b`, all three broadcast through strides. Values are moved as raw 32-bit words,
 * so one pipeline serves every dtype. Params: n, span, shape, cond/a/b strides.
 */
export function whereShader(rank: number): Shader {
  return {
    key: `where_r${rank}_wg${WORKGROUP}`,
    code: () => /* wgsl */ `
${PARAMS}
${storage(1, 'C', 'u32')}
${storage(2, 'A', 'u32')}
${storage(3, 'B', 'u32')}
${storage(4, 'Y', 'u32', 'read_write')}
${offsetsFn(rank, 2, [2 + rank, 2 + 2 * rank, 2 + 3 * rank])}
${ELEMENTWISE_MAIN}
  let off = offsets(i);
  Y[i] = select(B[off.z], A[off.y], C[off.x] != 0u);
}
`,
  }
}
