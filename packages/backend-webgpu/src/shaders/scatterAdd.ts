import { checkFlag, type Shader } from '../runtime'
import { wgslType, type GpuDType } from '../storage'
import { ELEMENTWISE_MAIN, PARAMS, WORKGROUP, storage } from './common'
import { WIDE_MATH } from './reduce'

/**
 * The adjoint of gather, without atomics: each output element sums, in index order, the `src`
 * elements whose index along `dim` points at it, so the result is deterministic.
 * int32 sums are taken in 64 bits and one outside int32 fails the device-side check whose id
 * follows the src strides (flag at binding 4): integers never wrap.
 * Params: n, span, dim, out shape, index shape, index strides, src strides[, check id].
 */
export function scatterAddShader(dtype: GpuDType, rank: number): Shader {
  const t = wgslType(dtype)
  const os = 3
  const is = os + rank
  const it = is + rank
  const st = it + rank
  const wide = dtype === 'int32'
  return {
    key: `scatterAdd_${t}_r${rank}_wg${WORKGROUP}`,
    code: () => /* wgsl */ `
${PARAMS}
${storage(1, 'index', 'i32')}
${storage(2, 'src', t)}
${storage(3, 'y', t, 'read_write')}
${wide ? `${checkFlag(4)}\nconst CHECK_AT = ${st + rank}u;\n${WIDE_MATH}` : ''}
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
  var acc = ${wide ? 'vec2<u32>(0u, 0u)' : `${t}(0)`};
  if (covered) {
    let count = P(${is}u + dim);
    let indexStep = P(${it}u + dim);
    let srcStep = P(${st}u + dim);
    for (var j = 0u; j < count; j++) {
      if (u32(index[indexBase + j * indexStep]) == hit) {
        ${wide ? 'acc = addWide(acc, widen(src[srcBase + j * srcStep]));' : 'acc += src[srcBase + j * srcStep];'}
      }
    }
  }
  y[i] = ${wide ? 'narrow(acc)' : 'acc'};
}
`,
  }
}
