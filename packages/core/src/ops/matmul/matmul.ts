import type { MatmulAttrs } from '../../backend/kernels'
import { broadcastShapes, check, fail } from '../../check'
import { isFloating, promoteTypes } from '../../dtype'
import { defineOp } from '../../op'
import { formatShape, isRowMajor, type Shape } from '../../shape'
import type { Tensor } from '../../tensor'
import { castTo, checkTensor } from '../util'

/** `[..., m, k]` (or `[..., k, m]` when transposed) rows/cols of one operand. */
function dims(shape: Shape, transposed: boolean): [number, number] {
  const r = shape[shape.length - 2]
  const c = shape[shape.length - 1]
  return transposed ? [c, r] : [r, c]
}

const matmulOp = defineOp<MatmulAttrs>({
  name: 'matmul',
  infer: ([a, b], attrs) => {
    const [m] = dims(a.shape, attrs.transposeA)
    const [, n] = dims(b.shape, attrs.transposeB)
    const batch = broadcastShapes('matmul', a.shape.slice(0, -2), b.shape.slice(0, -2))
    return { shape: [...batch, m, n], dtype: a.dtype }
  },
  save: ([a, b]) => [a, b],
  // C = op(A) op(B): dop(A) = dC op(B)^T, dop(B) = op(A)^T dC, written with transpose flags so
  // no transpose is ever materialised. The engine sums broadcast batch dims.
  backward: (
    { saved: [a, b], attrs: { transposeA: tA, transposeB: tB }, needsInputGrad: n },
    dy,
  ) => [
    n[0] ? (tA ? matmulWithFlags(b, dy!, tB, true) : matmulWithFlags(dy!, b, false, !tB)) : null,
    n[1] ? (tB ? matmulWithFlags(dy!, a, true, tA) : matmulWithFlags(a, dy!, !tA, false)) : null,
  ],
})

/**
 * `op(a) @ op(b)` where `op` transposes the last two dims when its flag is set; operands have the
 * same rank (≥ 2) and broadcastable batch dims. Backends read the flags; nothing is copied.
 */
export function matmulWithFlags(
  a: Tensor,
  b: Tensor,
  transposeA: boolean,
  transposeB: boolean,
): Tensor {
  // A transposed view of plain storage is read through the flag instead of copied.
  if (isPlainTransposed(a)) return matmulWithFlags(a.mT, b, !transposeA, transposeB)
  if (isPlainTransposed(b)) return matmulWithFlags(a, b.mT, transposeA, !transposeB)
  return matmulOp([a, b], { transposeA, transposeB })
}

/** Whether `t` is not plain but its last two dims swapped would be (`w.T`, `x.mT`). */
function isPlainTransposed(t: Tensor): boolean {
  if (t.isPlain || t.offset !== 0 || t.ndim < 2) return false
  const shape = [...t.shape]
  const strides = [...t.strides]
  const n = t.ndim
  ;[shape[n - 2], shape[n - 1]] = [shape[n - 1], shape[n - 2]]
  ;[strides[n - 2], strides[n - 1]] = [strides[n - 1], strides[n - 2]]
  return isRowMajor(shape, strides)
}

function cannotMultiply(a: Tensor, b: Tensor): never {
  fail(
    'matmul',
    `mat1 and mat2 shapes cannot be multiplied (${formatShape(a.shape)} and ${formatShape(b.shape)})`,
  )
}

/**
 * Matrix product with PyTorch's rules: 1-D·1-D is a dot product, a 1-D operand gains and then
 * loses a dim, and batch dims broadcast.
 *
 * @example
 * x.matmul(w.T) // [64, 784] @ [784, 10] → [64, 10]
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  checkTensor('matmul', 'input', a)
  checkTensor('matmul', 'other', b)
  check(
    a.ndim > 0 && b.ndim > 0,
    'matmul',
    () => `both arguments to matmul need to be at least 1D, but they are ${a.ndim}D and ${b.ndim}D`,
  )
  check(
    isFloating(a.dtype) && isFloating(b.dtype),
    'matmul',
    () => `expected floating point tensors, got ${a.dtype} and ${b.dtype}`,
  )
  const dtype = promoteTypes(a.dtype, b.dtype)
  let x = castTo(a, dtype)
  let y = castTo(b, dtype)
  if (x.ndim === 1) x = x.reshape([1, x.shape[0]])
  if (y.ndim === 1) y = y.reshape([y.shape[0], 1])
  if (x.shape[x.ndim - 1] !== y.shape[y.ndim - 2]) {
    if (a.ndim === 1 && b.ndim === 1)
      fail(
        'matmul',
        `inconsistent tensor size, expected tensor [${a.shape[0]}] and src [${b.shape[0]}] to have the same number of elements, but got ${a.shape[0]} and ${b.shape[0]} elements respectively`,
      )
    cannotMultiply(a, b)
  }
  const rank = Math.max(x.ndim, y.ndim)
  const lift = (t: Tensor) =>
    t.ndim === rank ? t : t.reshape([...new Array<number>(rank - t.ndim).fill(1), ...t.shape])
  const batch = broadcastShapes('matmul', x.shape.slice(0, -2), y.shape.slice(0, -2))
  const out = matmulWithFlags(lift(x), lift(y), false, false)
  const m = x.shape[x.ndim - 2]
  const n = y.shape[y.ndim - 1]
  const shape = [...batch, ...(a.ndim === 1 ? [] : [m]), ...(b.ndim === 1 ? [] : [n])]
  return out.ndim === shape.length && out.shape.every((d, i) => d === shape[i])
    ? out
    : out.reshape(shape)
}

/** Product of two 2-D matrices, like `torch.mm`. */
export function mm(a: Tensor, b: Tensor): Tensor {
  checkTensor('mm', 'input', a)
  checkTensor('mm', 'mat2', b)
  check(a.ndim === 2, 'mm', () => `self must be a matrix (got shape ${formatShape(a.shape)})`)
  check(b.ndim === 2, 'mm', () => `mat2 must be a matrix (got shape ${formatShape(b.shape)})`)
  return matmul(a, b)
}
