/**
 * Shape arithmetic done on the host before a dispatch: broadcast strides and dim collapsing, so
 * shaders see as few dims as possible (and so share pipelines across ranks).
 */
import type { Shape } from '@othergrad/core/backend'

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

export interface Layout {
  shape: number[]
  /** One stride list per operand, aligned with `shape`. */
  strides: number[][]
}

/**
 * Drops size-1 dims and merges neighbours that every operand walks contiguously. Always returns
 * at least one dim.
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

/** `[outer, dim, inner]` sizes of `shape` around `dim`; a 0-d shape counts as one element. */
export function splitAt(shape: Shape, dim: number): [number, number, number] {
  let outer = 1
  for (let d = 0; d < dim; d++) outer *= shape[d]
  let inner = 1
  for (let d = dim + 1; d < shape.length; d++) inner *= shape[d]
  return [outer, shape.length === 0 ? 1 : shape[dim], inner]
}
