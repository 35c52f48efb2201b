import type { Shader } from '../runtime'
import { ELEMENTWISE_MAIN, PARAMS, WORKGROUP, storage } from './common'

/** Every element set to the 32-bit word `P(2)` (the value's bits in its dtype). */
export function fillShader(): Shader {
  return {
    key: `fill_wg${WORKGROUP}`,
    code: () => /* wgsl */ `
${PARAMS}
${storage(1, 'y', 'u32', 'read_write')}
${ELEMENTWISE_MAIN}
  y[i] = P(2u);
}
`,
  }
}
