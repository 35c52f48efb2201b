import type { Shader } from '../runtime'
import { FLOAT_BITS, FLOAT_MATH, PARAMS, WORKGROUP, storage } from './common'

export type RowOp = 'logSoftmax' | 'logSoftmaxBackward'

/**
 * The two row passes of each op over rows of length `P(2)`: log-softmax is
 * `x - max - log(sum(exp(x - max)))` (subtracting the max keeps every exp argument <= 0), its
 * backward `dy - exp(y) * sum(dy)`. `fold1`/`fold2` fold the row; `write` makes each output.
 */
const ROWS: Record<RowOp, { inputs: string[]; fold1: string; fold2: string; write: string }> = {
  logSoftmax: {
    inputs: ['x'],
    fold1: 'maxF(acc, x[j])',
    fold2: 'acc + expF(x[j] - fold1)',
    write: 'x[j] - (fold1 + logF(fold2))',
  },
  logSoftmaxBackward: {
    inputs: ['dy', 'y'],
    fold1: 'acc + dy[j]',
    fold2: 'acc',
    write: 'dy[j] - expF(y[j]) * fold1',
  },
}

/**
 * One row op over `[rows, n]` (params: rows, span, n). `cooperative` gives each row a workgroup
 * that folds with a tree in workgroup memory; otherwise one invocation walks a whole row.
 */
export function logSoftmaxShader(op: RowOp, cooperative: boolean): Shader {
  const row = ROWS[op]
  const firstInit = op === 'logSoftmax' ? '-infF32()' : '0.0'
  const bindings = [...row.inputs, 'Y']
    .map((name, k) => storage(k + 1, name, 'f32', name === 'Y' ? 'read_write' : 'read'))
    .join('\n')
  const header = `
${PARAMS}
${FLOAT_BITS}
${FLOAT_MATH}
${bindings}
`
  const key = `${op}_f32_${cooperative ? 'wg' : 'serial'}${WORKGROUP}`
  const twoPass = op === 'logSoftmax'
  if (!cooperative) {
    return {
      key,
      code: () => /* wgsl */ `${header}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let r = gid.x + gid.y * P(1u);
  if (r >= P(0u)) { return; }
  let start = r * P(2u);
  let end = start + P(2u);
  var acc = ${firstInit};
  for (var j = start; j < end; j++) { acc = ${row.fold1}; }
  let fold1 = acc;
  acc = 0.0;
  ${twoPass ? `for (var j = start; j < end; j++) { acc = ${row.fold2}; }` : ''}
  let fold2 = acc;
  for (var j = start; j < end; j++) { Y[j] = ${row.write}; }
}
`,
    }
  }
  const fold = (init: string, step: string, merge: string) => /* wgsl */ `
  acc = ${init};
  for (var j = start + lid; j < end; j += ${WORKGROUP}u) { acc = ${step}; }
  partial[lid] = acc;
  workgroupBarrier();
  for (var s = ${WORKGROUP / 2}u; s > 0u; s >>= 1u) {
    if (lid < s) { partial[lid] = ${merge}; }
    workgroupBarrier();
  }`
  const mergeFirst =
    op === 'logSoftmax' ? 'maxF(partial[lid], partial[lid + s])' : 'partial[lid] + partial[lid + s]'
  return {
    key,
    code: () => /* wgsl */ `${header}
var<workgroup> partial: array<f32, ${WORKGROUP}>;

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  // One workgroup per row; rows past the end fold nothing but still meet every barrier.
  let r = wid.x + wid.y * P(1u);
  let start = r * P(2u);
  let end = select(start, start + P(2u), r < P(0u));
  var acc: f32;
  ${fold(firstInit, row.fold1, mergeFirst)}
  let fold1 = partial[0];
  workgroupBarrier();
  ${twoPass ? fold('0.0', row.fold2, 'partial[lid] + partial[lid + s]') : ''}
  let fold2 = partial[0];
  for (var j = start + lid; j < end; j += ${WORKGROUP}u) { Y[j] = ${row.write}; }
}
`,
  }
}
