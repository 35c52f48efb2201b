import type { ReduceOp } from '@othergrad/core/backend'
import { checkFlag, type Shader } from '../runtime'
import { wgslType, type GpuDType } from '../storage'
import { FLOAT_BITS, PARAMS, WORKGROUP, storage, valueType } from './common'

export interface ReduceConsts {
  op: ReduceOp
  dtype: GpuDType
  /** Kept and reduced dims after merging neighbours of the same kind. */
  kept: number
  reduced: number
  /** One workgroup per output (long reductions) instead of one invocation per output. */
  cooperative: boolean
  /**
   * An int32 sum folded in 64 bits (two u32 words with a carry), so a result outside int32 is
   * caught (a device-side check, id at the param after the reduced strides) instead of wrapping.
   */
  wide?: boolean
}

/**
 * 64-bit integer addition on (low, high) words, an i32 widened to them, and `narrow`, which
 * fails the device-side check at `P(CHECK_AT)` for a value outside i32 (int32 sums never wrap).
 */
export const WIDE_MATH = /* wgsl */ `
fn addWide(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {
  let lo = a.x + b.x;
  return vec2<u32>(lo, a.y + b.y + select(0u, 1u, lo < a.x));
}
fn widen(v: i32) -> vec2<u32> { return vec2<u32>(bitcast<u32>(v), select(0u, 0xffffffffu, v < 0i)); }
// The low word as i32, after checking that the high word only extends its sign.
fn narrow(v: vec2<u32>) -> i32 {
  let lo = bitcast<i32>(v.x);
  if (v.y != select(0u, 0xffffffffu, lo < 0i)) { failCheck(P(CHECK_AT), v.x, v.y); }
  return lo;
}`

function combine(op: ReduceOp, float: boolean): string {
  switch (op) {
    case 'sum':
      return 'a + b'
    case 'prod':
      return 'a * b'
    case 'max':
      return float ? 'maxF(a, b)' : 'max(a, b)'
    case 'min':
      return float ? 'minF(a, b)' : 'min(a, b)'
  }
}

function identity(op: ReduceOp, float: boolean): string {
  switch (op) {
    case 'sum':
      return 'A(0)'
    case 'prod':
      return 'A(1)'
    case 'max':
      return float ? '-infF32()' : '(-2147483647i - 1i)'
    case 'min':
      return float ? 'infF32()' : '2147483647i'
  }
}

/**
 * Reduces the `reduced` dims of `x` for every position of the `kept` dims. Both are walked
 * through their own shape and strides, so no permute is needed whatever the axes.
 * Params: outputs, span, reduced count, kept shape, kept strides, reduced shape, reduced strides.
 */
export function reduceShader(c: ReduceConsts): Shader {
  const { op, dtype, kept, reduced, cooperative, wide = false } = c
  const float = dtype === 'float32'
  const acc = wide ? 'vec2<u32>' : valueType(dtype)
  // max/min of bool stay bool; sum/prod of bool count as int32.
  const out = dtype === 'bool' && (op === 'max' || op === 'min') ? 'u32' : valueType(dtype)
  const ks = 3
  const kt = ks + kept
  const rs = kt + kept
  const rt = rs + reduced
  const walkFn = (name: string, rank: number, shapeAt: number, stridesAt: number) => /* wgsl */ `
fn ${name}(index: u32) -> u32 {
  var rem = index;
  var off = 0u;
  for (var d = ${rank - 1}i; d >= 0i; d--) {
    let size = P(${shapeAt}u + u32(d));
    off += (rem % size) * P(${stridesAt}u + u32(d));
    rem = rem / size;
  }
  return off;
}`
  // Loading an element into the accumulator, and storing the result.
  const load = (v: string) => (wide ? `widen(${v})` : `A(${v})`)
  const store = (v: string) => (wide ? `narrow(${v})` : `${out}(${v})`)
  const header = /* wgsl */ `
${PARAMS}
${FLOAT_BITS}
alias A = ${acc};
${storage(1, 'x', wgslType(dtype))}
${storage(2, 'y', out, 'read_write')}
${wide ? `${checkFlag(3)}\nconst CHECK_AT = ${rt + reduced}u;\n${WIDE_MATH}` : ''}
fn combine(a: A, b: A) -> A { return ${wide ? 'addWide(a, b)' : combine(op, float)}; }
${walkFn('keptOffset', kept, ks, kt)}
${walkFn('reducedOffset', reduced, rs, rt)}
`
  const init = wide ? 'A(0u, 0u)' : identity(op, float)
  const key = `reduce_${op}_${wgslType(dtype)}${wide ? '_wide' : ''}_k${kept}_r${reduced}_${cooperative ? 'wg' : 'serial'}${WORKGROUP}`
  if (!cooperative) {
    return {
      key,
      code: () => /* wgsl */ `${header}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let o = gid.x + gid.y * P(1u);
  if (o >= P(0u)) { return; }
  let base = keptOffset(o);
  var acc: A = ${init};
  for (var r = 0u; r < P(2u); r++) {
    acc = combine(acc, ${load('x[base + reducedOffset(r)]')});
  }
  y[o] = ${store('acc')};
}
`,
    }
  }
  return {
    key,
    code: () => /* wgsl */ `${header}
var<workgroup> partial: array<A, ${WORKGROUP}>;

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  // One workgroup per output; P(1) is the grid's row width in workgroups here.
  let o = wid.x + wid.y * P(1u);
  var acc: A = ${init};
  if (o < P(0u)) {
    let base = keptOffset(o);
    for (var r = lid; r < P(2u); r += ${WORKGROUP}u) {
      acc = combine(acc, ${load('x[base + reducedOffset(r)]')});
    }
  }
  partial[lid] = acc;
  workgroupBarrier();
  for (var s = ${WORKGROUP / 2}u; s > 0u; s >>= 1u) {
    if (lid < s) { partial[lid] = combine(partial[lid], partial[lid + s]); }
    workgroupBarrier();
  }
  if (lid == 0u && o < P(0u)) { y[o] = ${store('partial[0]')}; }
}
`,
  }
}
