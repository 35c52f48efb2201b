import { check, normalizeDim } from '../../check'
import { checkIndexRange } from './indexRange'
import { defineOp } from '../../op'
import { formatShape, shapesEqual, type Shape } from '../../shape'
import { padTrusted } from '../movement/narrow'
import type { Tensor } from '../../tensor'
import { asInt32, checkTensor } from '../util'
import { isSmallInt } from '../../dtype'
import { checkIndexTensor, gatherTrusted } from './gather'
import { narrowResult } from '../elementwise/cast'

const scatterAddOp = defineOp<{ axis: number }>({
  name: 'scatterAdd',
  save: ([, index]) => [index],
  // out = base + scatter(src): base's gradient passes through, src reads its gradient back. An
  // index smaller than src uses only src's leading part; the rest gets a zero gradient.
  backward: ({ saved: [index], attrs: { axis }, inputShapes, needsInputGrad: n }, dy) => [
    n[0] ? dy : null,
    null,
    n[2] ? srcGrad(gatherTrusted(dy!, axis, index), inputShapes[2]) : null,
  ],
})

function srcGrad(g: Tensor, srcShape: Shape): Tensor {
  if (shapesEqual(g.shape, srcShape)) return g
  const before = srcShape.map(() => 0)
  return padTrusted(
    g,
    before,
    srcShape.map((d, i) => d - g.shape[i]),
  )
}

/** `scatterAdd` for an index already validated (the backward rules of gather and max(dim)). */
export function scatterAddTrusted(base: Tensor, axis: number, index: Tensor, src: Tensor): Tensor {
  return scatterAddOp([base, index, src], { axis })
}

/**
 * `base` with `src` added at the positions `index` names along `dim`, out of place, like
 * `base.scatter_add(dim, index, src)`.
 */
export function scatterAdd(base: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  checkTensor('scatterAdd', 'input', base)
  checkTensor('scatterAdd', 'src', src)
  const axis = normalizeDim('scatterAdd', dim, base.ndim, base.shape)
  checkIndexTensor('scatterAdd', base, axis, index)
  check(
    src.dtype === base.dtype,
    'scatterAdd',
    () => `expected src (${src.dtype}) to have the dtype of self (${base.dtype})`,
  )
  check(
    src.ndim === index.ndim && index.shape.every((d, i) => d <= src.shape[i]),
    'scatterAdd',
    () =>
      `index (${formatShape(index.shape)}) must not be larger than src (${formatShape(src.shape)}) in any dimension`,
  )
  checkIndexRange('scatterAdd', index, base.ndim === 0 ? 1 : base.shape[axis], axis)
  if (isSmallInt(base.dtype)) {
    const wide = asInt32([base, src], ([b, s]) => scatterAddOp([b, index, s], { axis }))
    return narrowResult('scatterAdd', wide, base.dtype)
  }
  return scatterAddOp([base, index, src], { axis })
}
