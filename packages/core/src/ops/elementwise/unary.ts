import type { UnaryOp } from '../../backend/kernels'
import { isFloating, isSmallInt } from '../../dtype'
import { defineOp } from '../../op'
import type { Tensor } from '../../tensor'
import { asInt32, castTo, checkTensor } from '../util'
import { reluBackward } from './reluBackward'
import { castFitting, narrowResult } from './cast'

/**
 * One row per unary op: the derivative (given x, the output y and dy) and which of x / y it reads,
 * so only those are saved. `float` ops promote int/bool inputs to float32, as PyTorch does.
 */
interface UnaryRow {
  float: boolean
  saves: 'x' | 'y' | 'none'
  grad: ((dy: Tensor, saved: Tensor) => Tensor) | null
}

const ROWS: Record<Exclude<UnaryOp, 'logicalNot'>, UnaryRow> = {
  neg: { float: false, saves: 'none', grad: (dy) => dy.neg() }, // d(-x) = -1
  abs: { float: false, saves: 'x', grad: (dy, x) => dy.mul(x.sign()) }, // d|x| = sign(x)
  sign: { float: false, saves: 'none', grad: (dy) => dy.mul(0) }, // piecewise constant
  floor: { float: false, saves: 'none', grad: (dy) => dy.mul(0) },
  ceil: { float: false, saves: 'none', grad: (dy) => dy.mul(0) },
  round: { float: false, saves: 'none', grad: (dy) => dy.mul(0) },
  relu: { float: false, saves: 'y', grad: (dy, y) => reluBackward(dy, y) }, // 1 where y > 0
  exp: { float: true, saves: 'y', grad: (dy, y) => dy.mul(y) }, // d e^x = e^x
  expm1: { float: true, saves: 'y', grad: (dy, y) => dy.mul(y.add(1)) }, // d(e^x - 1) = y + 1
  log: { float: true, saves: 'x', grad: (dy, x) => dy.div(x) }, // d ln x = 1/x
  log1p: { float: true, saves: 'x', grad: (dy, x) => dy.div(x.add(1)) }, // 1/(1+x)
  sqrt: { float: true, saves: 'y', grad: (dy, y) => dy.div(y.mul(2)) }, // 1/(2 sqrt x)
  rsqrt: { float: true, saves: 'y', grad: (dy, y) => dy.mul(y.pow(3)).mul(-0.5) }, // -x^(-3/2)/2
  reciprocal: { float: true, saves: 'y', grad: (dy, y) => dy.mul(y.mul(y)).neg() }, // -1/x^2
  square: { float: false, saves: 'x', grad: (dy, x) => dy.mul(x.mul(2)) }, // 2x
  sigmoid: { float: true, saves: 'y', grad: (dy, y) => dy.mul(y.mul(y.neg().add(1))) }, // y(1-y)
  tanh: { float: true, saves: 'y', grad: (dy, y) => dy.mul(y.mul(y).neg().add(1)) }, // 1 - y^2
  sin: { float: true, saves: 'x', grad: (dy, x) => dy.mul(x.cos()) },
  cos: { float: true, saves: 'x', grad: (dy, x) => dy.mul(x.sin()).neg() },
}

function defineUnary(op: Exclude<UnaryOp, 'logicalNot'>): (x: Tensor) => Tensor {
  const row = ROWS[op]
  const run = defineOp<null>({
    name: op,
    save: ([x], [y]) => (row.saves === 'x' ? [x] : row.saves === 'y' ? [y] : []),
    backward: ({ saved }, dy) => [row.grad!(dy!, saved[0])],
  })
  return (x) => {
    checkTensor(op, 'input', x)
    if (!isFloating(x.dtype)) {
      if (row.float) x = castTo(x, 'float32')
      else if (op === 'floor' || op === 'ceil' || op === 'round') return x.clone()
      else if (x.dtype === 'bool' && op !== 'relu') x = castTo(x, 'int32')
      // uint8/int8/int16 compute in int32; a result that does not fit raises (neg of uint8 1,
      // which PyTorch wraps to 255).
      else if (isSmallInt(x.dtype)) {
        const wide = run([castTo(x, 'int32')], null)
        return op === 'sign' || op === 'relu'
          ? castFitting(wide, x.dtype)
          : narrowResult(op, wide, x.dtype)
      }
    }
    return run([x], null)
  }
}

/** `-x`, like `torch.neg`. */
export const neg = defineUnary('neg')
/** Elementwise absolute value, like `torch.abs`. */
export const abs = defineUnary('abs')
/** Elementwise sign (-1, 0 or 1), like `torch.sign`. */
export const sign = defineUnary('sign')
/** Elementwise floor, like `torch.floor`. */
export const floor = defineUnary('floor')
/** Elementwise ceiling, like `torch.ceil`. */
export const ceil = defineUnary('ceil')
/** Elementwise rounding, halves to even, like `torch.round`. */
export const round = defineUnary('round')
/** Elementwise `max(x, 0)`, like `torch.relu`. */
export const relu = defineUnary('relu')
/** Elementwise `e^x`, like `torch.exp`. */
export const exp = defineUnary('exp')
/** Elementwise `e^x - 1`, accurate near 0, like `torch.expm1`. */
export const expm1 = defineUnary('expm1')
/** Elementwise natural logarithm, like `torch.log`. */
export const log = defineUnary('log')
/** Elementwise `ln(1 + x)`, accurate near 0, like `torch.log1p`. */
export const log1p = defineUnary('log1p')
/** Elementwise square root, like `torch.sqrt`. */
export const sqrt = defineUnary('sqrt')
/** Elementwise `1 / sqrt(x)`, like `torch.rsqrt`. */
export const rsqrt = defineUnary('rsqrt')
/** Elementwise `1 / x`, like `torch.reciprocal`. */
export const reciprocal = defineUnary('reciprocal')
/** Elementwise `x * x`, like `torch.square`. */
export const square = defineUnary('square')
/** Elementwise `1 / (1 + e^-x)`, like `torch.sigmoid`. */
export const sigmoid = defineUnary('sigmoid')
/** Elementwise hyperbolic tangent, like `torch.tanh`. */
export const tanh = defineUnary('tanh')
/** Elementwise sine, like `torch.sin`. */
export const sin = defineUnary('sin')
/** Elementwise cosine, like `torch.cos`. */
export const cos = defineUnary('cos')

const logicalNotOp = defineOp<null>({
  name: 'logicalNot',
  nondifferentiable: true,
  infer: ([x]) => ({ shape: x.shape, dtype: 'bool' }),
})

/** Elementwise NOT; the result is bool. */
export function logicalNot(x: Tensor): Tensor {
  checkTensor('logicalNot', 'input', x)
  return asInt32([x], ([wide]) => logicalNotOp([wide], null))
}
