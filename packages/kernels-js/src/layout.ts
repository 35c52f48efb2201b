/**
 * Index arithmetic shared by every backend's kernels: broadcast strides, dim collapsing, and
 * stepping a multi-index one row at a time so inner loops stay tight and closure-free. The GPU
 * backend uses the shape half on the host, so shaders see as few dims as possible.
 */
import type { DataArray, Shape } from '@othergrad/core/backend'

/** Element strides for reading a contiguous `shape` broadcast to `outShape` (0 on broadcast dims). */
export function broadcastStrides(shape: Shape, outShape: Shape): number[] {
  const rank = outShape.length
  const offset = rank - shape.length
  const strides = new Array<number>(rank).fill(0)
  let s = 1
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[offset + i] = shape[i] === 1 ? 0 : s
    s *= shape[i]
  }
  return strides
}

/** A collapsed iteration space: the merged shape and each operand's strides along it. */
export interface Layout {
  shape: number[]
  /** One stride list per operand, aligned with `shape`. */
  strides: number[][]
}

/**
 * Drops size-1 dims and merges neighbours that every operand walks contiguously, so the
 * innermost row is as long as possible. Always returns at least one dim.
 */
export function collapse(shape: Shape, strides: readonly (readonly number[])[]): Layout {
  const outShape: number[] = []
  const outStrides: number[][] = strides.map(() => [])
  for (let d = 0; d < shape.length; d++) {
    const size = shape[d]
    if (size === 1) continue
    const last = outShape.length - 1
    let merge = last >= 0
    for (let t = 0; merge && t < strides.length; t++) {
      merge = outStrides[t][last] === strides[t][d] * size
    }
    if (merge) {
      outShape[last] *= size
      for (let t = 0; t < strides.length; t++) outStrides[t][last] = strides[t][d]
    } else {
      outShape.push(size)
      for (let t = 0; t < strides.length; t++) outStrides[t].push(strides[t][d])
    }
  }
  if (outShape.length === 0) return { shape: [1], strides: strides.map(() => [0]) }
  return { shape: outShape, strides: outStrides }
}

/**
 * Steps the multi-index over the first `ndims` dims of `shape` (last fastest) and moves every
 * operand's offset with it. Called once per row, never per element.
 */
export function advance(
  index: number[],
  shape: readonly number[],
  ndims: number,
  strides: readonly (readonly number[])[],
  offsets: number[],
): void {
  for (let d = ndims - 1; d >= 0; d--) {
    for (let t = 0; t < strides.length; t++) offsets[t] += strides[t][d]
    if (++index[d] < shape[d]) return
    for (let t = 0; t < strides.length; t++) offsets[t] -= strides[t][d] * shape[d]
    index[d] = 0
  }
}

/**
 * Copies a `shape` block from `src` (at `srcOffset`, `srcStrides`) into `dst` (at `dstOffset`,
 * `dstStrides`): the body of slice and pad.
 */
export function copyBlock(
  src: DataArray,
  srcOffset: number,
  srcStrides: readonly number[],
  dst: DataArray,
  dstOffset: number,
  dstStrides: readonly number[],
  shape: Shape,
): void {
  const { shape: dims, strides } = collapse(shape, [srcStrides, dstStrides])
  const rank = dims.length
  const n = dims[rank - 1]
  const ss = strides[0][rank - 1]
  const ds = strides[1][rank - 1]
  let rows = 1
  for (let d = 0; d < rank - 1; d++) rows *= dims[d]
  const index = new Array<number>(rank).fill(0)
  const offsets = [srcOffset, dstOffset]
  for (let r = 0; r < rows; r++) {
    const s = offsets[0]
    const o = offsets[1]
    if (ss === 1 && ds === 1) {
      for (let i = 0; i < n; i++) dst[o + i] = src[s + i]
    } else {
      for (let i = 0; i < n; i++) dst[o + i * ds] = src[s + i * ss]
    }
    advance(index, dims, rank - 1, strides, offsets)
  }
}

/**
 * Neighbouring dims of one kind (reduced or kept) merged, size-1 dims dropped: the input becomes
 * alternating kept/reduced blocks in memory order, innermost last. Empty when every dim is 1.
 */
export function mergeReduceDims(
  shape: Shape,
  axes: readonly number[],
): { dims: number[]; reduced: boolean[] } {
  const dims: number[] = []
  const reduced: boolean[] = []
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue
    const r = axes.includes(d)
    const last = dims.length - 1
    if (last >= 0 && reduced[last] === r) dims[last] *= shape[d]
    else {
      dims.push(shape[d])
      reduced.push(r)
    }
  }
  return { dims, reduced }
}

/** `[outer, dim, inner]` sizes of `shape` around `dim`; a 0-d shape counts as one element. */
export function splitAt(shape: Shape, dim: number): [number, number, number] {
  let outer = 1
  for (let d = 0; d < dim; d++) outer *= shape[d]
  let inner = 1
  for (let d = dim + 1; d < shape.length; d++) inner *= shape[d]
  return [outer, shape.length === 0 ? 1 : shape[dim], inner]
}
