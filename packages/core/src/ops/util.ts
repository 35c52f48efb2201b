import type { Backend } from '../backend/backend'
import { checkedValue, fail } from '../check'
import { allocArray, isFloating, isSmallInt, resultType, type DType } from '../dtype'
import type { Shape } from '../shape'
import { Tensor } from '../tensor'
import { cast } from './elementwise/cast'

/** A 0-d tensor holding `value` on `backend`; an integer `dtype` needs a value in its range. */
export function scalar(value: number, dtype: DType, backend: Backend, op = 'scalar'): Tensor {
  const values = allocArray(dtype, 1)
  values[0] = dtype === 'bool' ? (value ? 1 : 0) : checkedValue(op, value, dtype, 'scalar')
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
  if (minimum === 'float32' && !isFloating(dtype)) dtype = 'float32'
  const first = operands.find((v): v is Tensor => v instanceof Tensor)
  if (!first) fail(op, 'expected at least one Tensor operand')
  const backend = first.backend
  const tensors = operands.map((v) =>
    v instanceof Tensor
      ? castTo(v, dtype)
      : scalar(typeof v === 'boolean' ? Number(v) : v, dtype, backend, op),
  )
  return { tensors, dtype }
}

export function castTo(t: Tensor, dtype: DType): Tensor {
  return t.dtype === dtype ? t : cast(t, dtype)
}

/**
 * Runs `fn` on int32 copies of uint8/int8/int16 tensors (kernels compute small integers as
 * int32); an arithmetic result goes back to the narrow type through `narrowResult`, which raises
 * where it does not fit (PyTorch would wrap). Other tensors go through as they are.
 */
export function asInt32<T>(tensors: readonly Tensor[], fn: (wide: Tensor[]) => T): T {
  return fn(tensors.map((t) => (isSmallInt(t.dtype) ? cast(t, 'int32') : t)))
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
