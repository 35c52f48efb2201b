import { check, normalizeDim } from '../../check'
import { formatShape } from '../../shape'
import type { Tensor } from '../../tensor'
import { checkTensor } from '../util'
import { narrow, select } from './narrow'

/**
 * Consecutive pieces along `dim`: of `splitSize` elements each (the last may be smaller), or of
 * the listed sizes, like `torch.split`. Every piece is a view sharing storage.
 *
 * @example
 * const [train, test] = x.split([50000, 10000])
 */
export function split(x: Tensor, splitSize: number | readonly number[], dim = 0): Tensor[] {
  checkTensor('split', 'input', x)
  check(x.ndim > 0, 'split', () => 'split expects at least a 1-dimensional tensor')
  const axis = normalizeDim('split', dim, x.ndim, x.shape)
  const extent = x.shape[axis]
  let sizes: number[]
  if (typeof splitSize === 'number') {
    check(
      Number.isInteger(splitSize) && splitSize >= 0 && (splitSize > 0 || extent === 0),
      'split',
      () => `split_size can only be 0 if dimension size is 0, but got split size ${splitSize}`,
    )
    const count = splitSize === 0 ? 1 : Math.max(1, Math.ceil(extent / splitSize))
    sizes = Array.from({ length: count }, (_, i) => Math.min(splitSize, extent - i * splitSize))
  } else {
    sizes = [...splitSize]
    check(
      sizes.every((s) => Number.isInteger(s) && s >= 0) &&
        sizes.reduce((a, b) => a + b, 0) === extent,
      'split',
      () =>
        `split_with_sizes expects split_sizes to sum exactly to ${extent} (input tensor's size at dimension ${axis}), but got split_sizes=[${sizes.join(', ')}] (shape ${formatShape(x.shape)})`,
    )
  }
  let start = 0
  return sizes.map((size) => {
    const piece = narrow(x, axis, start, size)
    start += size
    return piece
  })
}

/** `chunks` views of equal size along `dim` (the last may be smaller), like `torch.chunk`. */
export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  checkTensor('chunk', 'input', x)
  check(
    Number.isInteger(chunks) && chunks > 0,
    'chunk',
    () => `chunk expects \`chunks\` to be greater than 0, got: ${chunks}`,
  )
  check(x.ndim > 0, 'chunk', () => 'chunk expects at least a 1-dimensional tensor')
  const axis = normalizeDim('chunk', dim, x.ndim, x.shape)
  return split(x, Math.ceil(x.shape[axis] / chunks) || 1, axis)
}

/** Every slice along `dim`, that dim removed, as views, like `torch.unbind`. */
export function unbind(x: Tensor, dim = 0): Tensor[] {
  checkTensor('unbind', 'input', x)
  check(x.ndim > 0, 'unbind', () => 'Dimension specified as 0 but tensor has no dimensions')
  const axis = normalizeDim('unbind', dim, x.ndim, x.shape)
  return Array.from({ length: x.shape[axis] }, (_, i) => select(x, axis, i))
}
