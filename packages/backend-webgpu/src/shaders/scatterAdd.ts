import type { Shader } from '../runtime'
import { wgslType, type GpuDType } from '../storage'
import { ELEMENTWISE_MAIN, PARAMS, WORKGROUP, storage } from './common'

/**
 * The adjoint of gather, without atomics: each output element sums, in index order, the `src`
 * elements whose index along `dim` points at it, so the result is deterministic.
 * Params: n, span, dim, out shape, index shape, index strides, src strides.
 */
export function scatterAddShader(dtype: GpuDType, rank: number): Shader {
  const t = wgslType(dtype)
  const os = 3
  const is = os + rank
  const it = is + rank
  const st = it + rank
  return {
    key: `scatterAdd_${t}_r${rank}_wg${WORKGROUP}`,
    code: () => /* wgsl */ `
${PARAMS}
${storage(1, 'index', 'i32')}
${storage(2, 'src', t)}
${storage(3, 'y', t, 'read_write')}
${ELEMENTWISE_MAIN}
  let dim = u32(P(2u));
  var rem = i;
  var hit = 0u;
  var indexBase = 0u;
  var srcBase = 0u;
  var covered = true;
  for (var d = ${rank - 1}i; d >= 0i; d--) {
    let size = P(${os}u + u32(d));
    let c = rem % size;
    rem = rem / size;
    if (u32(d) == dim) {
      hit = c;
    } else {
      // index may be smaller than the output in the other dims: those positions get nothing.
      covered = covered && c < P(${is}u + u32(d));
      indexBase += c * P(${it}u + u32(d));
      srcBase += c * P(${st}u + u32(d));
    }
  }
  var acc = ${t}(0);
  if (covered) {
    let count = P(${is}u + dim);
    let indexStep = P(${it}u + dim);
    let srcStep = P(${st}u + dim);
    for (var j = 0u; j < count; j++) {
      if (u32(index[indexBase + j * indexStep]) == hit) { acc += src[srcBase + j * srcStep]; }
    }
  }
  y[i] = acc;
}
`,
  }
}
