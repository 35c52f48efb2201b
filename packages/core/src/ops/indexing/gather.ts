import { check, normalizeDim } from '../../check'
import { checkIndexRange } from './indexRange'
import { defineOp } from '../../op'
import { formatShape } from '../../shape'
import type { Tensor } from '../../tensor'
import { checkTensor } from '../util'
import { scatterAddTrusted } from './scatterAdd'
import { zeros } from '../creation/fill'

const gatherOp = defineOp<{ axis: number }>({
  name: 'gather',
  infer: ([x, index]) => ({ shape: index.shape, dtype: x.dtype }),
  save: ([, index]) => [index],
  // Adjoint of gather: each dy element is added back where it was read from (on dy's backend,
  // whichever one is active).
  backward: ({ saved: [index], attrs: { axis }, inputShapes, inputDTypes }, dy) => [
    scatterAddTrusted(
      zeros(inputShapes[0], { dtype: inputDTypes[0], backend: dy!.backend.name }),
      axis,
      index,
      dy!,
    ),
    null,
  ],
})

export function checkIndexTensor(
  op: string,
  x: Tensor,
  axis: number,
  index: Tensor,
  name = 'index',
): void {
  checkTensor(op, name, index)
  check(
    index.dtype === 'int32',
    op,
    () => `expected ${name} to be an int32 tensor, got ${index.dtype}`,
  )
  check(
    index.ndim === x.ndim || (x.ndim === 0 && index.ndim <= 1),
    op,
    () =>
      `${name} tensor must have the same number of dimensions as input tensor (index shape ${formatShape(index.shape)}, input shape ${formatShape(x.shape)})`,
  )
  for (let d = 0; d < index.ndim; d++) {
    check(
      d === axis || index.shape[d] <= x.shape[d],
      op,
      () =>
        `size of ${name} (${formatShape(index.shape)}) must not exceed the input's (${formatShape(x.shape)}) apart from dimension ${axis}`,
    )
  }
}

/** `gather` for indices already validated (backward rules re-use forward's index). */
export function gatherTrusted(x: Tensor, axis: number, index: Tensor): Tensor {
  return gatherOp([x, index], { axis })
}

/**
 * Picks values along `dim` with an int32 `index` of the same rank, like `torch.gather`:
 * `out[i][j] = x[i][index[i][j]]` for `dim = 1`.
 *
 * @example
 * logProbs.gather(1, target.unsqueeze(1))
 */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  checkTensor('gather', 'input', x)
  const axis = normalizeDim('gather', dim, x.ndim, x.shape)
  checkIndexTensor('gather', x, axis, index)
  checkIndexRange('gather', index, x.ndim === 0 ? 1 : x.shape[axis], axis)
  return gatherOp([x, index], { axis })
}
