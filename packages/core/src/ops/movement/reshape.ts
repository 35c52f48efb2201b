import { check, checkShapeArg, fail, normalizeDim } from '../../check'
import { defineOp, type OpFn } from '../../op'
import { formatShape, numel, shapesEqual, type Shape } from '../../shape'
import { Tensor } from '../../tensor'
import { checkTensor } from '../util'

/** A view: same storage, new shape; in-place ops on it also rewrite its base's history. */
function viewWithBase(x: Tensor, shape: readonly number[]): Tensor {
  const view = Tensor.viewOf(x, shape)
  view.viewBase = x.viewBase ?? x
  return view
}

const reshapeOp: OpFn<{ shape: number[] }> = defineOp<{ shape: number[] }>({
  name: 'reshape',
  // Contiguous storage makes every reshape a view: no copy, and no kernel.
  composite: ([x], { shape }) => viewWithBase(x, shape),
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

/** The differentiable view op itself (the engine's view-rebasing uses it). */
export function viewAs(x: Tensor, shape: readonly number[]): Tensor {
  return reshapeOp([x], { shape: [...shape] })
}

/**
 * The same elements in a new shape (one dim may be -1), sharing storage, like `torch.reshape`.
 *
 * @example
 * x.reshape(-1, 784)
 */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  checkTensor('reshape', 'input', x)
  const out = inferShape('reshape', x, shape)
  return shapesEqual(out, x.shape) && !x.requiresGrad
    ? viewWithBase(x, out)
    : reshapeOp([x], { shape: out })
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
