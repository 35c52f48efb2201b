import type { BinaryOp, ScalarBinaryOp } from '../../backend/kernels'
import { broadcastShapes, fail } from '../../check'
import { isFloating, isSmallInt, type DType } from '../../dtype'
import { defineOp } from '../../op'
import { shapesEqual, type Shape } from '../../shape'
import { Tensor } from '../../tensor'
import { where } from './where'
import { defineScalarBinary } from './binaryScalar'
import { asInt32, promoteOperands } from '../util'
import { castFitting, narrowResult } from './cast'

type Operand = Tensor | number | boolean

/** Which operands a binary rule reads: a, b, the output y. */
type Saves = readonly ('a' | 'b' | 'y')[]

interface BinaryRow {
  saves: Saves
  /** Gradients for (a, b) from dy and the saved tensors, in `saves` order. */
  grad: (dy: Tensor, saved: Tensor[], needs: readonly boolean[]) => (Tensor | null)[]
}

const ROWS: Partial<Record<BinaryOp, BinaryRow>> = {
  add: { saves: [], grad: (dy) => [dy, dy] },
  sub: { saves: [], grad: (dy, _, n) => [dy, n[1] ? dy.neg() : null] },
  // d(a*b)/da = b, d(a*b)/db = a
  mul: {
    saves: ['a', 'b'],
    grad: (dy, [a, b], n) => [n[0] ? dy.mul(b) : null, n[1] ? dy.mul(a) : null],
  },
  // d(a/b)/da = 1/b, d(a/b)/db = -a/b^2
  div: {
    saves: ['a', 'b'],
    grad: (dy, [a, b], n) => [n[0] ? dy.div(b) : null, n[1] ? dy.mul(a).div(b.mul(b)).neg() : null],
  },
  // d(a^b)/da = b a^(b-1) (0 where b == 0), d(a^b)/db = a^b ln a (0 where a == 0 and b >= 0)
  pow: {
    saves: ['a', 'b', 'y'],
    grad: (dy, [a, b, y], n) => [
      n[0] ? where(b.eq(0), 0, dy.mul(b).mul(a.pow(b.sub(1)))) : null,
      n[1] ? where(a.eq(0).logicalAnd(b.ge(0)), 0, dy.mul(y).mul(a.log())) : null,
    ],
  },
  // Ties split the gradient in half, as PyTorch's maximum/minimum do.
  maximum: { saves: ['a', 'b'], grad: (dy, [a, b]) => selectGrad(dy, a.gt(b), a.eq(b)) },
  minimum: { saves: ['a', 'b'], grad: (dy, [a, b]) => selectGrad(dy, a.lt(b), a.eq(b)) },
}

function selectGrad(dy: Tensor, aWins: Tensor, tie: Tensor): Tensor[] {
  const half = dy.mul(0.5)
  return [where(aWins, dy, where(tie, half, 0)), where(aWins, 0, where(tie, half, dy))]
}

const kernelFor = (op: BinaryOp, boolOut: boolean) =>
  defineOp<{ outShape: Shape }>({
    name: op,
    nondifferentiable: boolOut ? true : undefined,
    infer: ([a], { outShape }) => ({ shape: outShape, dtype: boolOut ? 'bool' : a.dtype }),
    save: ([a, b], [y]) => (ROWS[op]?.saves ?? []).map((s) => (s === 'a' ? a : s === 'b' ? b : y)),
    backward: boolOut
      ? undefined
      : ({ saved, needsInputGrad }, dy) => ROWS[op]!.grad(dy!, saved, needsInputGrad),
  })

type Kind = 'arith' | 'float' | 'compare' | 'logical'

/** Whether operands of `dtype` go to the kernel as they are (no promotion, no cast). */
function takesAsIs(kind: Kind, dtype: DType): boolean {
  if (isSmallInt(dtype)) return false
  if (kind === 'arith') return dtype !== 'bool'
  if (kind === 'float') return isFloating(dtype)
  return kind === 'compare' || dtype === 'bool'
}

/** The broadcast shape; equal shapes give `a`'s own (shapes are never mutated). */
function outShapeOf(op: BinaryOp, a: Shape, b: Shape): Shape {
  return a === b || shapesEqual(a, b) ? a : broadcastShapes(op, a, b)
}

function isScalarOp(op: BinaryOp): op is ScalarBinaryOp {
  return op === 'add' || op === 'sub' || op === 'mul' || op === 'div'
}

function defineBinary(op: BinaryOp, kind: Kind) {
  const run = kernelFor(op, kind === 'compare' || kind === 'logical')
  const withScalar = isScalarOp(op) ? defineScalarBinary(op, run) : undefined
  return (a: Operand, b: Operand): Tensor => {
    // A float tensor and a JS number: the result has the tensor's dtype, no 0-d tensor needed.
    if (withScalar && typeof b === 'number' && a instanceof Tensor && isFloating(a.dtype))
      return withScalar(a, b)
    // Two tensors of one dtype the op takes as it is: nothing to promote, check or cast.
    if (
      a instanceof Tensor &&
      b instanceof Tensor &&
      a.dtype === b.dtype &&
      takesAsIs(kind, a.dtype)
    )
      return run([a, b], { outShape: outShapeOf(op, a.shape, b.shape) })
    const { tensors } = promoteOperands(
      op,
      [a, b],
      ['input', 'other'],
      kind === 'float' ? 'float32' : undefined,
    )
    let [x, y] = tensors
    if (kind === 'logical') {
      x = x.dtype === 'bool' ? x : x.ne(0)
      y = y.dtype === 'bool' ? y : y.ne(0)
    } else if (kind === 'arith' && x.dtype === 'bool' && op === 'pow') {
      // Two bools stay bool for add/mul (logical or/and, as the kernels saturate) and for
      // maximum/minimum, as in PyTorch; sub is rejected in `sub`.
      fail(op, `"pow" not implemented for 'Bool'`)
    }
    const outShape = outShapeOf(op, x.shape, y.shape)
    // uint8/int8/int16 compute in int32; an arithmetic result that does not fit the narrow
    // type raises (PyTorch would wrap it: othergrad's integers never wrap).
    if (isSmallInt(x.dtype)) {
      const narrow = x.dtype
      const out = asInt32([x, y], (wide) => run(wide, { outShape }))
      if (kind !== 'arith') return out
      return op === 'maximum' || op === 'minimum'
        ? castFitting(out, narrow)
        : narrowResult(op, out, narrow)
    }
    return run([x, y], { outShape })
  }
}

const addRaw = defineBinary('add', 'arith')
const subRaw = defineBinary('sub', 'arith')

/** `input + alpha * other`, broadcasting, like `torch.add`. */
export function add(a: Operand, b: Operand, alpha?: number): Tensor {
  if (alpha === undefined || alpha === 1) return addRaw(a, b)
  // Two bools add as bools: an integer alpha is cast to bool, as PyTorch does.
  if (isBool(a) && isBool(b) && Number.isInteger(alpha))
    return addRaw(a, typeof b === 'object' ? mul(b, alpha !== 0) : b && alpha !== 0)
  return addRaw(a, scaled(b, alpha))
}

/** `input - alpha * other`, broadcasting, like `torch.sub`; bool operands are rejected. */
export function sub(a: Operand, b: Operand, alpha?: number): Tensor {
  // PyTorch's messages, word for word.
  if (isBool(a) && isBool(b))
    fail(
      'sub',
      'Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.',
    )
  if (isBool(a) || isBool(b))
    fail(
      'sub',
      'Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.',
    )
  return subRaw(a, alpha === undefined || alpha === 1 ? b : scaled(b, alpha))
}

/** A bool tensor or a JS boolean. */
function isBool(v: Operand): boolean {
  return v instanceof Tensor ? v.dtype === 'bool' : typeof v === 'boolean'
}

function scaled(b: Operand, alpha: number): Operand {
  return typeof b === 'object' ? mul(b, alpha) : Number(b) * alpha
}

/** Elementwise product with broadcasting. */
export const mul = defineBinary('mul', 'arith')
/** True division (ints promote to float32), like `torch.div`. */
export const div = defineBinary('div', 'float')
/** Elementwise maximum, broadcasting, like `torch.maximum`. */
export const maximum = defineBinary('maximum', 'arith')
/** Elementwise minimum, broadcasting, like `torch.minimum`. */
export const minimum = defineBinary('minimum', 'arith')
/** `a == b` as a bool tensor, broadcasting, like `torch.eq`. */
export const eq = defineBinary('eq', 'compare')
/** `a != b` as a bool tensor, broadcasting, like `torch.ne`. */
export const ne = defineBinary('ne', 'compare')
/** `a < b` as a bool tensor, broadcasting, like `torch.lt`. */
export const lt = defineBinary('lt', 'compare')
/** `a <= b` as a bool tensor, broadcasting, like `torch.le`. */
export const le = defineBinary('le', 'compare')
/** `a > b` as a bool tensor, broadcasting, like `torch.gt`. */
export const gt = defineBinary('gt', 'compare')
/** `a >= b` as a bool tensor, broadcasting, like `torch.ge`. */
export const ge = defineBinary('ge', 'compare')
/** Elementwise logical and (nonzero is true), like `torch.logical_and`. */
export const logicalAnd = defineBinary('logicalAnd', 'logical')
/** Elementwise logical or (nonzero is true), like `torch.logical_or`. */
export const logicalOr = defineBinary('logicalOr', 'logical')

const powRaw = defineBinary('pow', 'arith')

/** `input ** exponent`; a scalar exponent keeps the tensor's dtype, like `torch.pow`. */
export function pow(a: Operand, b: Operand): Tensor {
  if (
    typeof a === 'object' &&
    typeof b === 'number' &&
    !isFloating(a.dtype) &&
    b < 0 &&
    Number.isInteger(b)
  ) {
    fail('pow', 'integers to negative integer powers are not allowed')
  }
  return powRaw(a, b)
}
