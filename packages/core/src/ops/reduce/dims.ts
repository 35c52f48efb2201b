import { check, normalizeDim } from '../../check'
import type { Shape } from '../../shape'

/** The reduced axes (sorted, distinct) and output shapes for `dim`/`keepdim`; no dim means all. */
export interface ReducePlan {
  axes: number[]
  /** Output shape as returned to the user. */
  shape: number[]
  /** The input's shape with reduced dims kept as 1 (for broadcasting gradients back). */
  keepShape: number[]
}

export function reducePlan(
  op: string,
  inputShape: Shape,
  dim: number | readonly number[] | null | undefined,
  keepdim: boolean,
): ReducePlan {
  const ndim = inputShape.length
  const dims = dim === null || dim === undefined ? [] : typeof dim === 'number' ? [dim] : dim
  let axes: number[]
  if (dims.length === 0) {
    axes = inputShape.map((_, i) => i)
  } else {
    axes = dims.map((d) => normalizeDim(op, d, ndim, inputShape))
    axes = ndim === 0 ? [] : axes
    check(
      new Set(axes).size === axes.length,
      op,
      () =>
        `dim ${axes.find((a, i) => axes.indexOf(a) !== i)} appears multiple times in the list of dims`,
    )
    axes.sort((a, b) => a - b)
  }
  const keepShape = inputShape.map((d, i) => (axes.includes(i) ? 1 : d))
  const shape = keepdim ? keepShape : inputShape.filter((_, i) => !axes.includes(i))
  return { axes, shape, keepShape }
}
