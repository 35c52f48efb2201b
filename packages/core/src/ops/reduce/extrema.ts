import type { ArgReduceOp } from '../../backend/kernels'
import { check, normalizeDim } from '../../check'
import { defineOp } from '../../op'
import type { Tensor } from '../../tensor'
import { formatShape } from '../../shape'
import { asInt32, checkTensor } from '../util'
import { reducePlan, type ReducePlan } from './dims'
import { scatterAddTrusted } from '../indexing/scatterAdd'
import { zeros } from '../creation/fill'
import { castFitting } from '../elementwise/cast'

function defineAmax(op: 'max' | 'min') {
  return defineOp<ReducePlan>({
    name: op === 'max' ? 'amax' : 'amin',
    infer: ([x], { shape }) => ({ shape, dtype: x.dtype }),
    save: ([x], [y]) => [x, y],
    // Ties share the gradient evenly, as PyTorch's amax/amin (and max() with no dim) do.
    backward: ({ saved: [x, y], attrs: { axes, keepShape } }, dy) => {
      const mask = x.eq(y.reshape(keepShape)).cast(x.dtype)
      return [mask.mul(dy!.reshape(keepShape)).div(mask.sum(axes, true))]
    },
  })
}

const amaxOp = defineAmax('max')
const aminOp = defineAmax('min')

function checkNonEmpty(op: string, x: Tensor, plan: ReducePlan): void {
  check(
    plan.axes.every((a) => x.shape[a] !== 0) && (x.size > 0 || plan.axes.length > 0),
    op,
    () => `expected reduction dim to be non-empty (input shape ${formatShape(x.shape)})`,
  )
}

/** Largest value over all elements or `dim`(s), like `torch.amax`. */
export function amax(x: Tensor, dim?: number | readonly number[] | null, keepdim = false): Tensor {
  checkTensor('amax', 'input', x)
  const plan = reducePlan('amax', x.shape, dim, keepdim)
  checkNonEmpty('amax', x, plan)
  if (plan.axes.length === 0) return x.clone().reshape(plan.shape)
  return castFitting(
    asInt32([x], ([w]) => amaxOp([w], plan)),
    x.dtype,
  )
}

/** Smallest value over all elements or `dim`(s), like `torch.amin`. */
export function amin(x: Tensor, dim?: number | readonly number[] | null, keepdim = false): Tensor {
  checkTensor('amin', 'input', x)
  const plan = reducePlan('amin', x.shape, dim, keepdim)
  checkNonEmpty('amin', x, plan)
  if (plan.axes.length === 0) return x.clone().reshape(plan.shape)
  return castFitting(
    asInt32([x], ([w]) => aminOp([w], plan)),
    x.dtype,
  )
}

interface DimAttrs {
  axis: number
  plan: ReducePlan
}

function defineMaxDim(op: 'max' | 'min') {
  return defineOp<DimAttrs, Tensor[]>({
    name: op,
    infer: ([x], { plan }) => [
      { shape: plan.shape, dtype: x.dtype },
      { shape: plan.shape, dtype: 'int32' },
    ],
    save: (_, [, indices]) => [indices],
    // The gradient goes to the selected index only.
    backward: ({ saved: [indices], attrs: { axis, plan }, inputShapes, inputDTypes }, dy) => {
      const src = dy!.reshape(plan.keepShape)
      return [
        scatterAddTrusted(
          zeros(inputShapes[0], { dtype: inputDTypes[0], backend: dy!.backend.name }),
          axis,
          indices.reshape(plan.keepShape),
          src,
        ),
      ]
    },
  })
}

const maxDimOp = defineMaxDim('max')
const minDimOp = defineMaxDim('min')

function runDim(op: 'max' | 'min', x: Tensor, dim: number, keepdim: boolean) {
  checkTensor(op, 'input', x)
  const axis = normalizeDim(op, dim, x.ndim, x.shape)
  const plan = reducePlan(op, x.shape, dim, keepdim)
  checkNonEmpty(op, x, plan)
  // A 0-d tensor is its own maximum, at index 0.
  if (x.ndim === 0)
    return { values: x.clone(), indices: zeros([], { dtype: 'int32', backend: x.backend.name }) }
  const [values, indices] = asInt32([x], ([w]) =>
    (op === 'max' ? maxDimOp : minDimOp)([w], { axis, plan }),
  )
  return { values: castFitting(values, x.dtype), indices }
}

/** `{ values, indices }` of the largest element along `dim`, like `torch.max(x, dim)`. */
export function maxDim(
  x: Tensor,
  dim: number,
  keepdim = false,
): { values: Tensor; indices: Tensor } {
  return runDim('max', x, dim, keepdim)
}

/** `{ values, indices }` of the smallest element along `dim`, like `torch.min(x, dim)`. */
export function minDim(
  x: Tensor,
  dim: number,
  keepdim = false,
): { values: Tensor; indices: Tensor } {
  return runDim('min', x, dim, keepdim)
}

function defineArg(op: ArgReduceOp) {
  return defineOp<{ axis: number; shape: number[] }>({
    name: op,
    nondifferentiable: true,
    infer: (_, { shape }) => ({ shape, dtype: 'int32' }),
  })
}

const argOps = { argmax: defineArg('argmax'), argmin: defineArg('argmin') }

function runArg(op: ArgReduceOp, x: Tensor, dim: number | undefined, keepdim: boolean): Tensor {
  checkTensor(op, 'input', x)
  if (dim === undefined) {
    check(x.size > 0, op, () => `expected a non-empty tensor (input shape ${formatShape(x.shape)})`)
    const flat = asInt32([x.reshape([-1])], ([w]) => argOps[op]([w], { axis: 0, shape: [] }))
    return keepdim ? flat.reshape(x.shape.map(() => 1)) : flat
  }
  const plan = reducePlan(op, x.shape, dim, keepdim)
  checkNonEmpty(op, x, plan)
  if (x.ndim === 0) return zeros([], { dtype: 'int32', backend: x.backend.name })
  return asInt32([x], ([w]) => argOps[op]([w], { axis: plan.axes[0], shape: plan.shape }))
}

/** Index of the largest element (flattened, or along `dim`), like `torch.argmax`. */
export function argmax(x: Tensor, dim?: number, keepdim = false): Tensor {
  return runArg('argmax', x, dim, keepdim)
}

/** Index of the smallest element (flattened, or along `dim`), like `torch.argmin`. */
export function argmin(x: Tensor, dim?: number, keepdim = false): Tensor {
  return runArg('argmin', x, dim, keepdim)
}
