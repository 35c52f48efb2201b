import { fail } from '../../check'
import { dtypeOfArray, type DataArray, type DType } from '../../dtype'
import { numel } from '../../shape'
import type { Tensor } from '../../tensor'
import { fromHost, hostArray, resolveDType, shapeArg, type CreationOptions } from './options'

/** Nested JS arrays of numbers or booleans. */
export type TensorLike = number | boolean | readonly TensorLike[]

export interface TensorOptions extends CreationOptions {
  /** Shape for flat typed-array data (default: 1-D). */
  shape?: readonly number[]
}

function inferShape(data: TensorLike): number[] {
  const shape: number[] = []
  let level: TensorLike = data
  while (Array.isArray(level)) {
    shape.push(level.length)
    if (level.length === 0) break
    level = level[0]
  }
  return shape
}

function flattenInto(data: TensorLike, shape: readonly number[], dim: number, out: number[]): void {
  if (dim === shape.length) {
    if (typeof data !== 'number' && typeof data !== 'boolean') {
      fail(
        'tensor',
        `expected a number or boolean at depth ${dim}, got ${Array.isArray(data) ? 'an array' : typeof data}`,
      )
    }
    out.push(Number(data))
    return
  }
  if (!Array.isArray(data) || data.length !== shape[dim]) {
    fail(
      'tensor',
      `expected sequence of length ${shape[dim]} at dim ${dim} (got ${Array.isArray(data) ? data.length : typeof data}); nested arrays must be rectangular`,
    )
  }
  for (const item of data as readonly TensorLike[]) flattenInto(item, shape, dim + 1, out)
}

function firstLeaf(data: TensorLike): TensorLike | undefined {
  let level: TensorLike = data
  while (Array.isArray(level)) {
    if (level.length === 0) return undefined
    level = level[0]
  }
  return level
}

/**
 * A leaf tensor from nested arrays or a typed array, like `torch.tensor`. A typed array keeps its
 * type, as `torch.from_numpy` does, and its values (Uint8Array is uint8, Int32Array int32; see
 * `DType`). JS cannot tell `1` from `1.0`, so numbers default to float32 (booleans to bool); pass
 * `{ dtype: 'int32' }` (or PyTorch's `'int64'`/`'long'`, which are int32 here) for class indices.
 * Integer dtypes truncate fractions toward zero and never wrap: NaN, ±Infinity or a value outside
 * the dtype's range raises.
 *
 * @example
 * const x = tensor([[1, 2], [3, 4]], { requiresGrad: true })
 * const y = tensor([0, 2, 1], { dtype: 'int32' })
 */
export function tensor(data: TensorLike | ArrayLike<number>, options?: TensorOptions): Tensor {
  if (ArrayBuffer.isView(data)) {
    const natural = dtypeOfArray(data) ?? 'float32'
    const dtype = resolveDType('tensor', options, natural)
    // 64-bit integers as numbers: hostArray then checks that each fits its dtype.
    const values =
      data instanceof BigInt64Array || data instanceof BigUint64Array
        ? Float64Array.from(data, Number)
        : (data as unknown as ArrayLike<number>)
    const shape = givenShape(options, values.length)
    return fromHost(hostArray('tensor', values, dtype), shape, dtype, options)
  }
  const nested = data as TensorLike
  const inferred = inferShape(nested)
  const flat: number[] = []
  flattenInto(nested, inferred, 0, flat)
  const natural: DType = typeof firstLeaf(nested) === 'boolean' ? 'bool' : 'float32'
  const dtype = resolveDType('tensor', options, natural)
  const values: DataArray = hostArray('tensor', flat, dtype)
  const shape = options?.shape === undefined ? inferred : givenShape(options, flat.length)
  return fromHost(values, shape, dtype, options)
}

/** `options.shape`, checked against the number of values (a 1-D shape when absent). */
function givenShape(options: TensorOptions | undefined, count: number): number[] {
  if (options?.shape === undefined) return [count]
  const shape = shapeArg('tensor', options.shape)
  const needed = numel(shape)
  if (needed !== count) {
    fail(
      'tensor',
      `shape [${shape.join(', ')}] needs ${needed} elements, but the data has ${count}`,
    )
  }
  return shape
}
