import { integerOverflowError } from '@othergrad/core/backend'
import type { ReduceOp, Shape, Storage, TensorInfo } from '@othergrad/core/backend'
import { mergeReduceDims } from '@othergrad/kernels-js'
import { WORKGROUP } from '../shaders/common'
import { reduceShader } from '../shaders/reduce'
import { gpuDType } from '../storage'
import { bind, operand, type GpuStore } from '../store'

/** Reductions at least this long get a workgroup per output when outputs are few. */
const COOPERATIVE_LENGTH = 256
const COOPERATIVE_OUTPUTS = 4096

interface Dims {
  shape: number[]
  strides: number[]
}

/**
 * Splits `shape` into kept and reduced dims, merging neighbours of the same kind, with the
 * strides each has in the contiguous input. Size-1 dims drop out.
 */
export function reduceLayout(shape: Shape, axes: readonly number[]): { kept: Dims; reduced: Dims } {
  const { dims: sizes, reduced } = mergeReduceDims(shape, axes)
  const kept: Dims = { shape: [], strides: [] }
  const red: Dims = { shape: [], strides: [] }
  let stride = 1
  const strides = new Array<number>(sizes.length)
  for (let d = sizes.length - 1; d >= 0; d--) {
    strides[d] = stride
    stride *= sizes[d]
  }
  for (let d = 0; d < sizes.length; d++) {
    const into = reduced[d] ? red : kept
    into.shape.push(sizes[d])
    into.strides.push(strides[d])
  }
  return { kept, reduced: red }
}

/**
 * Reduces `axes`; sum/prod of bool give int32, max/min keep the dtype; an int32 sum outside
 * int32 is flagged on the device and raised at the next read.
 */
export function reduce(
  store: GpuStore,
  op: ReduceOp,
  x: TensorInfo,
  axes: readonly number[],
): Storage {
  const dtype = gpuDType(store.name, x.dtype)
  let outSize = 1
  for (let d = 0; d < x.shape.length; d++) if (!axes.includes(d)) outSize *= x.shape[d]
  const out = store.alloc(outSize)
  if (outSize === 0) return out
  const { kept, reduced } = reduceLayout(x.shape, axes)
  let length = 1
  for (const s of reduced.shape) length *= s
  const cooperative = length >= COOPERATIVE_LENGTH && outSize < COOPERATIVE_OUTPUTS
  const { groups, span } = cooperative
    ? store.rt.grid(outSize, 1)
    : store.rt.grid(outSize, WORKGROUP)
  // int32 sums fold in 64 bits and flag a result outside int32 (integers never wrap).
  const wide = op === 'sum' && dtype === 'int32'
  const shader = reduceShader({
    op,
    dtype,
    kept: kept.shape.length,
    reduced: reduced.shape.length,
    cooperative,
    wide,
  })
  const params = [
    outSize,
    span,
    length,
    ...kept.shape,
    ...kept.strides,
    ...reduced.shape,
    ...reduced.strides,
  ]
  const bindings = [operand(x), bind(out)]
  if (wide) {
    const check = store.rt.deviceCheck(
      (value) => integerOverflowError(op, 'int32', value, x).message,
    )
    params.push(check.id)
    bindings.push(check.flag)
  }
  store.rt.dispatch(shader, params, bindings, groups)
  return out
}
