import type { ArgReduceOp } from '@othergrad/core/backend'
import type { Shader } from '../runtime'
import { wgslType, type GpuDType } from '../storage'
import { FLOAT_BITS, PARAMS, WORKGROUP, storage, valueType } from './common'

/**
 * Index (i32) of the first max/min along the middle dim of `[outer, n, inner]`. As in torch,
 * NaN wins both ways: the first NaN is the answer. Params: outputs, span, n, inner.
 * `cooperative` uses one workgroup per output for long rows.
 */
export function argReduceShader(op: ArgReduceOp, dtype: GpuDType, cooperative: boolean): Shader {
  const t = valueType(dtype)
  const float = dtype === 'float32'
  const cmp = op === 'argmax' ? '>' : '<'
  const header = /* wgsl */ `
${PARAMS}
${FLOAT_BITS}
alias T = ${t};
${storage(1, 'x', wgslType(dtype))}
${storage(2, 'y', 'i32', 'read_write')}
fn isNanT(v: T) -> bool { return ${float ? 'isNan(v)' : 'false'}; }
// Whether v (later in the row) replaces the running best.
fn better(v: T, best: T) -> bool { return !isNanT(best) && (v ${cmp} best || isNanT(v)); }
fn element(o: u32, j: u32) -> T {
  let inner = P(3u);
  return T(x[(o / inner) * P(2u) * inner + j * inner + o % inner]);
}
`
  const key = `argReduce_${op}_${wgslType(dtype)}_${cooperative ? 'wg' : 'serial'}${WORKGROUP}`
  if (!cooperative) {
    return {
      key,
      code: () => /* wgsl */ `${header}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let o = gid.x + gid.y * P(1u);
  if (o >= P(0u)) { return; }
  let n = P(2u);
  var arg = 0u;
  if (n > 0u) {
    var best = element(o, 0u);
    for (var j = 1u; j < n; j++) {
      let v = element(o, j);
      if (better(v, best)) { best = v; arg = j; }
    }
  }
  y[o] = i32(arg);
}
`,
    }
  }
  return {
    key,
    code: () => /* wgsl */ `${header}
const NONE = 0xffffffffu;
var<workgroup> bestValue: array<T, ${WORKGROUP}>;
var<workgroup> bestIndex: array<u32, ${WORKGROUP}>;

// The better of two candidates; ties (and two NaNs) go to the smaller index.
fn pick(a: T, ia: u32, b: T, ib: u32) -> bool {
  if (ib == NONE) { return true; }
  if (ia == NONE) { return false; }
  if (isNanT(a) != isNanT(b)) { return isNanT(a); }
  if (!isNanT(a) && a != b) { return a ${cmp} b; }
  return ia < ib;
}

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let o = wid.x + wid.y * P(1u);
  var best = T(0);
  var arg = NONE;
  if (o < P(0u)) {
    // Each invocation scans its own stride of the row, keeping its first best.
    for (var j = lid; j < P(2u); j += ${WORKGROUP}u) {
      let v = element(o, j);
      if (arg == NONE || better(v, best)) { best = v; arg = j; }
    }
  }
  bestValue[lid] = best;
  bestIndex[lid] = arg;
  workgroupBarrier();
  for (var s = ${WORKGROUP / 2}u; s > 0u; s >>= 1u) {
    if (lid < s && !pick(bestValue[lid], bestIndex[lid], bestValue[lid + s], bestIndex[lid + s])) {
      bestValue[lid] = bestValue[lid + s];
      bestIndex[lid] = bestIndex[lid + s];
    }
    workgroupBarrier();
  }
  if (lid == 0u && o < P(0u)) { y[o] = i32(select(bestIndex[0], 0u, bestIndex[0] == NONE)); }
}
`,
  }
}
