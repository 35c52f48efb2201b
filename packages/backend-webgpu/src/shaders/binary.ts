import { COMPARISON_OPS } from '@othergrad/core/backend'
import type { BinaryOp } from '@othergrad/core/backend'
import { checkFlag, type Shader } from '../runtime'
import { wgslType, type GpuDType } from '../storage'
import {
  CHECKED_INT_MATH,
  ELEMENTWISE_MAIN,
  FLOAT_BITS,
  FLOAT_MATH,
  INT_MATH,
  PARAMS,
  WORKGROUP,
  offsetsFn,
  storage,
} from './common'

// Comparisons spell out NaN, so a compiler that assumes no NaNs cannot make NaN == NaN true.
const FLOAT: Record<BinaryOp, string> = {
  add: 'a + b',
  sub: 'a - b',
  mul: 'a * b',
  div: 'a / b',
  pow: 'powF(a, b)',
  maximum: 'maxF(a, b)',
  minimum: 'minF(a, b)',
  eq: '!anyNan && a == b',
  ne: 'anyNan || a != b',
  lt: '!anyNan && a < b',
  le: '!anyNan && a <= b',
  gt: '!anyNan && a > b',
  ge: '!anyNan && a >= b',
  // NaN is truthy, as in torch.
  logicalAnd: '(a != 0.0 || isNan(a)) && (b != 0.0 || isNan(b))',
  logicalOr: '(a != 0.0 || isNan(a)) || (b != 0.0 || isNan(b))',
}

// int32 arithmetic never wraps (see CHECKED_INT_MATH); division by zero gives 0, as a
// typed-array store of ±Infinity does. Bool arithmetic (0/1, saturated) cannot overflow.
// Bools are 0/1 read as i32: the wrapping forms are exact, and the result saturates.
const BOOL_ARITH: Record<BinaryOp, string> = {
  add: 'a + b',
  sub: 'a - b',
  mul: 'a * b',
  div: 'select(a / b, 0i, b == 0i)',
  pow: 'powI(a, b)',
  maximum: 'max(a, b)',
  minimum: 'min(a, b)',
  eq: 'a == b',
  ne: 'a != b',
  lt: 'a < b',
  le: 'a <= b',
  gt: 'a > b',
  ge: 'a >= b',
  logicalAnd: 'a != 0i && b != 0i',
  logicalOr: 'a != 0i || b != 0i',
}

const INT: Record<BinaryOp, string> = {
  add: 'addChecked(a, b)',
  sub: 'subChecked(a, b)',
  mul: 'mulChecked(a, b)',
  div: 'select(a / b, 0i, b == 0i)',
  pow: 'powChecked(a, b)',
  maximum: 'max(a, b)',
  minimum: 'min(a, b)',
  eq: 'a == b',
  ne: 'a != b',
  lt: 'a < b',
  le: 'a <= b',
  gt: 'a > b',
  ge: 'a >= b',
  logicalAnd: 'a != 0i && b != 0i',
  logicalOr: 'a != 0i || b != 0i',
}

/** The int32 ops whose results can leave int32: their shaders check (see `binaryChecks`). */
const OVERFLOWING: readonly BinaryOp[] = ['add', 'sub', 'mul', 'pow']

/** Whether `op` on `dtype` fails a device-side check for a result outside int32. */
export function binaryChecks(op: BinaryOp, dtype: GpuDType): boolean {
  return dtype === 'int32' && OVERFLOWING.includes(op)
}

/**
 * `y = op(a, b)` with both operands broadcast to the output through strides (`rank` dims after
 * collapsing). Comparisons write bools; bool arithmetic saturates like torch (True + True is True).
 * Params: n, span, shape[rank], a strides[rank], b strides[rank], and the check id for int32
 * add/sub/mul/pow (`binaryChecks`), whose flag is binding 4.
 */
export function binaryShader(op: BinaryOp, dtype: GpuDType, rank: number): Shader {
  const t = wgslType(dtype)
  const float = dtype === 'float32'
  const checked = binaryChecks(op, dtype)
  const expr = float ? FLOAT[op] : dtype === 'bool' ? BOOL_ARITH[op] : INT[op]
  const comparison = COMPARISON_OPS.includes(op)
  let result: string
  if (comparison) result = `select(0u, 1u, ${expr})`
  else if (dtype === 'bool') result = `select(0u, 1u, (${expr}) != 0i)`
  else result = expr
  const load = dtype === 'bool' ? (s: string) => `i32(${s})` : (s: string) => s
  return {
    key: `binary_${op}_${t}_r${rank}_wg${WORKGROUP}`,
    code: () => /* wgsl */ `
${PARAMS}
${FLOAT_BITS}
${float ? FLOAT_MATH : INT_MATH}
${storage(1, 'A', t)}
${storage(2, 'B', t)}
${storage(3, 'Y', comparison ? 'u32' : t, 'read_write')}
${checked ? `${checkFlag(4)}\nconst CHECK_AT = ${2 + 3 * rank}u;\n${CHECKED_INT_MATH}` : ''}
${offsetsFn(rank, 2, [2 + rank, 2 + 2 * rank])}
${ELEMENTWISE_MAIN}
  let off = offsets(i);
  let a = ${load('A[off.x]')};
  let b = ${load('B[off.y]')};
  ${float && comparison ? 'let anyNan = isNan(a) || isNan(b);' : ''}
  Y[i] = ${result};
}
`,
  }
}
