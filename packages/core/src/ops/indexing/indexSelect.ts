import { check, normalizeDim } from '../../check'
import { checkIndexRange } from './indexRange'
import { defineOp, type OpFn } from '../../op'
import { formatShape } from '../../shape'
import type { Tensor } from '../../tensor'
import { checkTensor } from '../util'

const indexSelectOp: OpFn<{ axis: number }> = defineOp<{ axis: number }>({
  name: 'indexSelect',
  infer: ([x, index], { axis }) => ({
    shape: x.shape.map((d, i) => (i === axis ? index.shape[0] : d)),
    dtype: x.dtype,
  }),
  save: ([, index]) => [index],
  // Adjoint: rows of dy are added back into the rows they were selected from.
  backward: ({ saved: [index], attrs: { axis }, inputShapes }, dy) => [
    indexAddOp([dy!, index], { axis, shape: [...inputShapes[0]] }),
    null,
  ],
})

const indexAddOp: OpFn<{ axis: number; shape: number[] }> = defineOp<{
  axis: number
  shape: number[]
}>({
  name: 'indexAdd',
  infer: ([src], { shape }) => ({ shape, dtype: src.dtype }),
  save: ([, index]) => [index],
  backward: ({ saved: [index], attrs: { axis } }, dy) => [
    indexSelectOp([dy!, index], { axis }),
    null,
  ],
})

/**
 * The slices of `x` along `dim` listed by a 1-D int32 `index`, like `torch.index_select`.
 *
 * @example
 * embeddingWeight.indexSelect(0, tokenIds)
 */
export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  checkTensor('indexSelect', 'input', x)
  checkTensor('indexSelect', 'index', index)
  const axis = normalizeDim('indexSelect', dim, x.ndim, x.shape)
  check(
    index.dtype === 'int32',
    'indexSelect',
    () => `expected index to be an int32 tensor, got ${index.dtype}`,
  )
  check(
    index.ndim <= 1,
    'indexSelect',
    () => `index must be 0-D or 1-D (got shape ${formatShape(index.shape)})`,
  )
  checkIndexRange('indexSelect', index, x.ndim === 0 ? 1 : x.shape[axis], axis)
  if (x.ndim === 0) return x.reshape([])
  return indexSelectOp([x, index.reshape([-1])], { axis })
}
