import type { Backend } from '../backend/backend'
import { fail } from '../check'
import { allocArray, resultType, type DType } from '../dtype'
import type { Shape } from '../shape'
import { Tensor } from '../tensor'
import { cast } from './elementwise/cast'

/** A 0-d tensor holding `value` on `backend`. */
export function scalar(value: number, dtype: DType, backend: Backend): Tensor {
  const values = allocArray(dtype, 1)
  values[0] = dtype === 'bool' ? (value ? 1 : 0) : value
  return Tensor.fromStorage(backend, backend.write(values, dtype), [], dtype)
}

/** Validates an operand that may be a tensor or a JS number/boolean. */
export function checkOperand(
  op: string,
  name: string,
  value: unknown,
): asserts value is Tensor | number | boolean {
  if (value instanceof Tensor || typeof value === 'number' || typeof value === 'boolean') return
  const got = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value
  fail(op, `argument '${name}' must be a Tensor or number, got ${got}`)
}

export function checkTensor(op: string, name: string, value: unknown): asserts value is Tensor {
  if (value instanceof Tensor) return
  const got = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value
  fail(op, `argument '${name}' must be a Tensor, got ${got}`)
}

/**
 * Brings tensor/scalar operands to PyTorch's result dtype (and onto the first tensor's backend),
 * returning tensors ready for a kernel that wants one dtype.
 */
export function promoteOperands(
  op: string,
  operands: readonly (Tensor | number | boolean)[],
  names: readonly string[],
  minimum?: DType,
): { tensors: Tensor[]; dtype: DType } {
  operands.forEach((v, i) => checkOperand(op, names[i], v))
  let dtype = resultType(
    operands.map((v) => (v instanceof Tensor ? { dtype: v.dtype, ndim: v.ndim } : v)),
  )
  if (minimum === 'float32' && (dtype === 'int32' || dtype === 'bool')) dtype = 'float32'
  const first = operands.find((v): v is Tensor => v instanceof Tensor)
  if (!first) fail(op, 'expected at least one Tensor operand')
  const backend = first.backend
  const tensors = operands.map((v) =>
    v instanceof Tensor
      ? castTo(v, dtype)
      : scalar(typeof v === 'boolean' ? Number(v) : v, dtype, backend),
  )
  return { tensors, dtype }
}

export function castTo(t: Tensor, dtype: DType): Tensor {
  return t.dtype === dtype ? t : cast(t, dtype)
}

/** Wraps one kernel output. */
export function wrap(
  backend: Backend,
  storage: ReturnType<Backend['write']>,
  shape: Shape,
  dtype: DType,
): Tensor {
  return Tensor.fromStorage(backend, storage, shape, dtype)
}
