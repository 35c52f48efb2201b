import { check, checkShapeArg, fail, normalizeDim } from '../../check'
import { defineOp, type OpFn } from '../../op'
import { formatShape, numel, shapesEqual, viewStrides, type Shape } from '../../shape'
import { contiguous } from './contiguous'
import { Tensor } from '../../tensor'
import { checkTensor } from '../util'

const reshapeOp: OpFn<{ shape: number[] }> = defineOp<{ shape: number[] }>({
  name: 'reshape',
  // A view: the same storage read with strides for the new shape (callers make sure they exist).
  composite: ([x], { shape }) => Tensor.asView(x, shape, viewStrides(x.shape, x.strides, shape)),
  backward: ({ inputShapes }, dy) => [dy!.reshape(inputShapes[0])],
})

/** Resolves one `-1` and checks the element count. */
function inferShape(op: string, x: Tensor, shape: readonly number[]): number[] {
  const out = [...shape]
  const unknown = out.indexOf(-1)
  if (unknown !== -1) {
    check(out.lastIndexOf(-1) === unknown, op, () => 'only one dimension can be inferred')
    const known = numel(out.filter((_, i) => i !== unknown))
    check(
      known !== 0 && x.size % known === 0,
      op,
      () => `shape '[${shape.join(', ')}]' is invalid for input of size ${x.size}`,
    )
    out[unknown] = x.size / known
  }
  checkShapeArg(op, out)
  check(
    numel(out) === x.size,
    op,
    () => `shape '[${shape.join(', ')}]' is invalid for input of size ${x.size}`,
  )
  return out
}

/**
 * The same elements in a new shape (one dim may be -1), like `torch.reshape`: a view sharing
 * storage when the strides allow it (always for contiguous tensors), else a copy.
 *
 * @example
 * x.reshape(-1, 784)
 */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  checkTensor('reshape', 'input', x)
  const out = inferShape('reshape', x, shape)
  if (shapesEqual(out, x.shape) && !x.requiresGrad) return Tensor.asView(x, out, x.strides)
  const source = viewStrides(x.shape, x.strides, out) === undefined ? contiguous(x) : x
  return reshapeOp([source], { shape: out })
}

/**
 * The same storage in a new shape (one dim may be -1), like `Tensor.view`; an error when the
 * strides cannot express it (a transposed tensor, say): use `reshape` or `contiguous()` then.
 */
export function view(x: Tensor, shape: readonly number[]): Tensor {
  checkTensor('view', 'input', x)
  const out = inferShape('view', x, shape)
  check(
    viewStrides(x.shape, x.strides, out) !== undefined,
    'view',
    () =>
      `view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces; shape ${formatShape(x.shape)}, strides [${x.strides.join(', ')}], requested [${out.join(', ')}]). Use .reshape(...) instead.`,
  )
  return reshapeOp([x], { shape: out })
}

/** Flattens dims `startDim..endDim` into one, like `torch.flatten`. */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  if (x.ndim === 0) return reshape(x, [1])
  const s = normalizeDim('flatten', startDim, x.ndim, x.shape)
  const e = normalizeDim('flatten', endDim, x.ndim, x.shape)
  check(s <= e, 'flatten', () => `start_dim (${startDim}) cannot come after end_dim (${endDim})`)
  const shape = [...x.shape.slice(0, s), numel(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)]
  return reshape(x, shape)
}

/** Removes size-1 dims (all, or only the given ones), like `torch.squeeze`. */
export function squeeze(x: Tensor, dim?: number | readonly number[]): Tensor {
  checkTensor('squeeze', 'input', x)
  const dims =
    dim === undefined
      ? x.shape.map((_, i) => i)
      : (typeof dim === 'number' ? [dim] : dim).map((d) =>
          normalizeDim('squeeze', d, x.ndim, x.shape),
        )
  return reshape(
    x,
    x.shape.filter((d, i) => !(d === 1 && dims.includes(i))),
  )
}

/** Inserts a size-1 dim at `dim` (from -ndim-1 to ndim), like `torch.unsqueeze`. */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  checkTensor('unsqueeze', 'input', x)
  const d = normalizeDim('unsqueeze', dim, x.ndim + 1, x.shape)
  return reshape(x, [...x.shape.slice(0, d), 1, ...x.shape.slice(d)])
}

/** Shape of `shape` after resolving `-1` entries against `x` (for expand). */
export function expandedShape(x: Tensor, shape: Shape): number[] {
  const lead = shape.length - x.ndim
  if (lead < 0) {
    fail(
      'expand',
      `the number of sizes provided (${shape.length}) must be greater or equal to the number of dimensions in the tensor (${x.ndim})`,
    )
  }
  return shape.map((d, i) => {
    const own = i >= lead ? x.shape[i - lead] : undefined
    if (d === -1) {
      if (own === undefined)
        fail(
          'expand',
          `the expanded size -1 isn't allowed in a leading, non-existing dimension ${i}`,
        )
      return own
    }
    if (own !== undefined && own !== d && own !== 1) {
      fail(
        'expand',
        `the expanded size of the tensor (${d}) must match the existing size (${own}) at non-singleton dimension ${i}. Target sizes: [${shape.join(', ')}]. Tensor sizes: [${x.shape.join(', ')}] (shape ${formatShape(x.shape)})`,
      )
    }
    return d
  })
}
