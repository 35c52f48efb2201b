/** The element types othergrad tensors can hold. `bool` is stored one byte per element. */
export type DType = 'float32' | 'float64' | 'int32' | 'bool'

/** The typed array that backs each dtype on the host. */
export interface DTypeArrayMap {
  float32: Float32Array
  float64: Float64Array
  int32: Int32Array
  bool: Uint8Array
}

/**
 * The typed array that holds a tensor of any dtype (`Float32Array`, `Float64Array`, `Int32Array`,
 * `Uint8Array`).
 */
export type DataArray = DTypeArrayMap[DType]

export const DTYPES: readonly DType[] = ['bool', 'int32', 'float32', 'float64']

const BYTES: Record<DType, number> = { float32: 4, float64: 8, int32: 4, bool: 1 }

/** Bytes per element of `dtype` (bool: 1). */
export function bytesPerElement(dtype: DType): number {
  return BYTES[dtype]
}

export function isDType(value: unknown): value is DType {
  return typeof value === 'string' && (DTYPES as readonly string[]).includes(value)
}

/** Whether `dtype` is float32 or float64, like `torch.is_floating_point`. */
export function isFloating(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64'
}

/** A fresh zero-filled host array for `size` elements of `dtype`. */
export function allocArray<D extends DType>(dtype: D, size: number): DTypeArrayMap[D] {
  switch (dtype) {
    case 'float32':
      return new Float32Array(size) as DTypeArrayMap[D]
    case 'float64':
      return new Float64Array(size) as DTypeArrayMap[D]
    case 'int32':
      return new Int32Array(size) as DTypeArrayMap[D]
    default:
      return new Uint8Array(size) as DTypeArrayMap[D]
  }
}

/** The dtype a typed array naturally holds, or undefined for arrays othergrad does not store. */
export function dtypeOfArray(values: ArrayBufferView): DType | undefined {
  if (values instanceof Float32Array) return 'float32'
  if (values instanceof Float64Array) return 'float64'
  if (values instanceof Int32Array) return 'int32'
  if (values instanceof Uint8Array) return 'bool'
  return undefined
}

/** Copies `values` into a new array of `dtype` (bools become 0/1, ints truncate toward zero). */
export function convertArray<D extends DType>(
  values: ArrayLike<number>,
  dtype: D,
): DTypeArrayMap[D] {
  const out = allocArray(dtype, values.length)
  if (dtype === 'bool') {
    for (let i = 0; i < values.length; i++) out[i] = values[i] ? 1 : 0
  } else if (dtype === 'int32') {
    for (let i = 0; i < values.length; i++) out[i] = Math.trunc(values[i])
  } else {
    out.set(values)
  }
  return out
}

// PyTorch's categories: bool < integer < floating. Within a category the wider type wins.
const RANK: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 }
const CATEGORY: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 2 }

/** The dtype two dtypes promote to, like `torch.promote_types`. */
export function promoteTypes(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b
}

/** One operand of type promotion: a tensor's dtype and rank, or a JS scalar. */
export type PromotionOperand = { dtype: DType; ndim: number } | number | boolean

function scalarDType(value: number | boolean): DType {
  if (typeof value === 'boolean') return 'bool'
  return Number.isInteger(value) ? 'int32' : 'float32'
}

/**
 * PyTorch's `torch.result_type`: tensors with dims outrank 0-d tensors, which outrank JS scalars,
 * unless a lower-priority operand belongs to a higher category (bool < int < float).
 * A float scalar with an int tensor gives the default float dtype (float32).
 */
export function resultType(operands: readonly PromotionOperand[]): DType {
  const tiers: (DType | undefined)[] = [undefined, undefined, undefined]
  for (const op of operands) {
    const [tier, dtype] =
      typeof op === 'object' ? [op.ndim > 0 ? 0 : 1, op.dtype] : [2, scalarDType(op)]
    const prev = tiers[tier]
    tiers[tier] = prev === undefined ? dtype : promoteTypes(prev, dtype)
  }
  let result: DType | undefined
  for (const dtype of tiers) {
    if (dtype === undefined) continue
    if (result === undefined) result = dtype
    else if (CATEGORY[dtype] > CATEGORY[result]) result = dtype
  }
  return result ?? 'float32'
}
