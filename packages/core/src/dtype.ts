/**
 * The element types othergrad tensors can hold. `bool` is stored one byte per element. `uint8`,
 * `int8` and `int16` hold images and small codes as PyTorch's do (a `Uint8Array` of pixels stays
 * uint8, and `pixels.div(255)` is float32), and they sum to int32.
 *
 * othergrad's widest integer type is int32. Options that take a dtype also accept PyTorch's `'int64'`
 * and `'long'` (see {@link DTypeName}); they create int32 tensors (`t.dtype` is `'int32'`), under
 * one rule: an integer never wraps. A JS value outside int32's range, or NaN or ±Infinity, raises
 * where it enters (`tensor`, `full`, `arange`, `randint`, a scalar operand of an int32 op); an
 * int32 `add`, `sub`, `mul`, `pow`, `neg`, `abs`, `square` or `sum` whose result leaves the range
 * raises (`add: integer overflow: 2147483647 + 1 = 2147483648 does not fit int32 ...`); so does
 * a cast to an integer dtype of NaN, ±Infinity or a value outside its range (`x.int()` of 3e9,
 * where PyTorch returns -2147483648). uint8, int8 and int16 follow the same rule where PyTorch
 * wraps: `uint8 200 + 100` and `x.to('uint8')` of 300 raise. webgpu checks on the device and
 * raises at the next read.
 */
export type DType = 'float32' | 'float64' | 'int32' | 'int16' | 'int8' | 'uint8' | 'bool'

/**
 * What a `dtype` option accepts: a {@link DType}, or PyTorch's `'int64'` / `'long'`, which name
 * int32 (values outside int32's range raise instead of wrapping).
 */
export type DTypeName = DType | 'int64' | 'long'

const ALIASES: Record<string, DType> = { int64: 'int32', long: 'int32' }

/** The typed array that backs each dtype on the host. */
export interface DTypeArrayMap {
  float32: Float32Array
  float64: Float64Array
  int32: Int32Array
  int16: Int16Array
  int8: Int8Array
  uint8: Uint8Array
  bool: Uint8Array
}

/**
 * The typed array that holds a tensor of any dtype (`Float32Array`, `Float64Array`, `Int32Array`,
 * `Uint8Array`).
 */
export type DataArray = DTypeArrayMap[DType]

export const DTYPES: readonly DType[] = [
  'bool',
  'uint8',
  'int8',
  'int16',
  'int32',
  'float32',
  'float64',
]

const BYTES: Record<DType, number> = {
  float32: 4,
  float64: 8,
  int32: 4,
  int16: 2,
  int8: 1,
  uint8: 1,
  bool: 1,
}

/** Bytes per element of `dtype` (bool: 1). */
export function bytesPerElement(dtype: DType): number {
  return BYTES[dtype]
}

export function isDType(value: unknown): value is DType {
  return typeof value === 'string' && (DTYPES as readonly string[]).includes(value)
}

/** The dtype a name stands for (`'int64'` and `'long'` are int32), or undefined for unknown names. */
export function dtypeFromName(name: unknown): DType | undefined {
  if (isDType(name)) return name
  return typeof name === 'string' && Object.hasOwn(ALIASES, name) ? ALIASES[name] : undefined
}

/** The names every dtype option accepts, for error messages. */
export const DTYPE_NAMES = 'float32, float64, int32 (or int64/long), int16, int8, uint8, bool'

/** Whether `dtype` is float32 or float64, like `torch.is_floating_point`. */
export function isFloating(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64'
}

/** uint8, int8 and int16: integers narrower than int32 (kernels compute them as int32). */
export function isSmallInt(dtype: DType): dtype is 'uint8' | 'int8' | 'int16' {
  return dtype === 'uint8' || dtype === 'int8' || dtype === 'int16'
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
    case 'int16':
      return new Int16Array(size) as DTypeArrayMap[D]
    case 'int8':
      return new Int8Array(size) as DTypeArrayMap[D]
    default:
      return new Uint8Array(size) as DTypeArrayMap[D]
  }
}

/**
 * The dtype a typed array keeps, as `torch.from_numpy` keeps it: Uint8Array (and
 * Uint8ClampedArray) is uint8, Int8Array int8, Int16Array int16, Int32Array int32; Uint16Array,
 * Uint32Array and the BigInt arrays become int32 (othergrad's widest integer), their values
 * checked to fit. Undefined for anything else.
 */
export function dtypeOfArray(values: unknown): DType | undefined {
  if (values instanceof Float32Array) return 'float32'
  if (values instanceof Float64Array) return 'float64'
  if (values instanceof Int32Array) return 'int32'
  if (values instanceof Uint8Array || values instanceof Uint8ClampedArray) return 'uint8'
  if (values instanceof Int8Array) return 'int8'
  if (values instanceof Int16Array) return 'int16'
  if (
    values instanceof Uint16Array ||
    values instanceof Uint32Array ||
    values instanceof BigInt64Array ||
    values instanceof BigUint64Array
  )
    return 'int32'
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
  } else if (integerRange(dtype) !== undefined) {
    for (let i = 0; i < values.length; i++) out[i] = Math.trunc(values[i])
  } else {
    out.set(values)
  }
  return out
}

/** The smallest and largest value of an integer dtype; undefined for float and bool dtypes. */
export function integerRange(dtype: DType): readonly [number, number] | undefined {
  return RANGES[dtype]
}

const RANGES: Partial<Record<DType, readonly [number, number]>> = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  int16: [-(2 ** 15), 2 ** 15 - 1],
  int8: [-128, 127],
  uint8: [0, 255],
}

// PyTorch's categories: bool < integer < floating. Within a category the wider type wins, and
// uint8 with a signed type needs the next wider signed one (uint8 + int8 is int16).
const RANK: Record<DType, number> = {
  bool: 0,
  uint8: 1,
  int8: 1,
  int16: 2,
  int32: 3,
  float32: 4,
  float64: 5,
}
const CATEGORY: Record<DType, number> = {
  bool: 0,
  uint8: 1,
  int8: 1,
  int16: 1,
  int32: 1,
  float32: 2,
  float64: 2,
}

/** PyTorch's `torch.promote_types` for two dtypes. */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === b) return a
  if ((a === 'uint8' && b === 'int8') || (a === 'int8' && b === 'uint8')) return 'int16'
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
