import type { UnaryOp } from '@othergrad/core/backend'
import { checkFlag, type Shader } from '../runtime'
import { wgslType, type GpuDType } from '../storage'
import {
  CHECKED_INT_MATH,
  ELEMENTWISE_MAIN,
  FLOAT_BITS,
  FLOAT_MATH,
  PARAMS,
  WORKGROUP,
  storage,
} from './common'

const FLOAT: Record<UnaryOp, string> = {
  neg: '-v',
  abs: 'abs(v)',
  // Like torch: NaN and ±0 give 0. NaN is tested on its bits throughout: some compilers (Mesa's
  // GLSL) turn a comparison-and-select into max() or an unordered compare.
  sign: 'select(select(select(0.0, -1.0, v < 0.0), 1.0, v > 0.0), 0.0, isNan(v))',
  exp: 'expF(v)',
  log: 'logF(v)',
  sqrt: 'sqrtF(v)',
  rsqrt: '1.0 / sqrtF(v)',
  reciprocal: '1.0 / v',
  square: 'v * v',
  // Not max(): torch.relu keeps NaN and -0.
  relu: 'select(select(v, 0.0, v < 0.0), v, isNan(v))',
  sigmoid: 'sigmoidF(v)',
  tanh: 'tanhF(v)',
  sin: 'sinCosF(v).x',
  cos: 'sinCosF(v).y',
  expm1: 'expm1F(v)',
  log1p: 'log1pF(v)',
  floor: 'floor(v)',
  ceil: 'ceil(v)',
  round: 'roundF(v)',
  logicalNot: 'select(0u, 1u, v == 0.0 && !isNan(v))',
}

// Core promotes int and bool inputs of the float-only ops to float32, so only these reach ints.
// -(-2^31), |-2^31| and squares past 46340 fail the device-side check (see CHECKED_INT_MATH).
const INT: Partial<Record<UnaryOp, string>> = {
  neg: 'negChecked(v)',
  abs: 'absChecked(v)',
  sign: 'select(select(0i, -1i, v < 0i), 1i, v > 0i)',
  square: 'mulChecked(v, v)',
  relu: 'max(v, 0i)',
  floor: 'v',
  ceil: 'v',
  round: 'v',
  logicalNot: 'select(0u, 1u, v == 0i)',
}

const BOOL: Partial<Record<UnaryOp, string>> = {
  relu: 'v',
  floor: 'v',
  ceil: 'v',
  round: 'v',
  logicalNot: 'select(0u, 1u, v == 0u)',
}

/** Whether `op` on `dtype` fails a device-side check for a result outside int32. */
export function unaryChecks(op: UnaryOp, dtype: GpuDType): boolean {
  return dtype === 'int32' && (op === 'neg' || op === 'abs' || op === 'square')
}

/**
 * `y = op(x)` elementwise; `logicalNot` writes bools (u32). Params: n, span, and the check id
 * for int32 neg/abs/square (`unaryChecks`), whose flag is binding 3.
 */
export function unaryShader(op: UnaryOp, dtype: GpuDType): Shader {
  const t = wgslType(dtype)
  const checked = unaryChecks(op, dtype)
  const table = dtype === 'float32' ? FLOAT : dtype === 'int32' ? INT : BOOL
  const expr = table[op]
  if (expr === undefined) throw new Error(`webgpu: unary '${op}' is not defined for ${dtype}`)
  const out = op === 'logicalNot' ? 'u32' : t
  return {
    key: `unary_${op}_${t}_wg${WORKGROUP}`,
    code: () => /* wgsl */ `
${PARAMS}
${FLOAT_BITS}
${FLOAT_MATH}
${storage(1, 'x', t)}
${storage(2, 'y', out, 'read_write')}
${checked ? `${checkFlag(3)}\nconst CHECK_AT = 2u;\n${CHECKED_INT_MATH}` : ''}
${ELEMENTWISE_MAIN}
  let v = x[i];
  y[i] = ${expr};
}
`,
  }
}
