import { checkFlag, type Shader } from '../runtime'
import { ELEMENTWISE_MAIN, PARAMS, WORKGROUP, storage } from './common'

/**
 * The device-side index check: every index in `[0, size)` or equal to `ignore`, else the check
 * fails with the index as its value (the first failure wins). Params: n, span, check id, size,
 * whether there is an ignore value, the ignore value.
 */
export function checkIndexRangeShader(): Shader {
  return {
    key: `checkIndexRange_wg${WORKGROUP}`,
    code: () => /* wgsl */ `
${PARAMS}
${storage(1, 'index', 'i32')}
${checkFlag(2)}
${ELEMENTWISE_MAIN}
  let v = index[i];
  if (P(4u) == 1u && v == bitcast<i32>(P(5u))) { return; }
  if (v < 0i || v >= i32(P(3u))) {
    failCheck(P(2u), bitcast<u32>(v), select(0u, 0xffffffffu, v < 0i));
  }
}
`,
  }
}
