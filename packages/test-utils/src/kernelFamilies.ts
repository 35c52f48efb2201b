/**
 * A backend's kernel table called in the primitive families' shapes (`unary(op, x)`,
 * `binary(op, a, b, outShape)`, ...), so kernel tests read as plain calls while every call goes
 * through the table's rows, as core's ops do.
 */
import { COMPARISON_OPS, numel, stridesOf } from '@othergrad/core/backend'
import type {
  AdamStepAttrs,
  ArgReduceOp,
  Backend,
  BinaryOp,
  DType,
  FusedKernels,
  MatmulAttrs,
  PrimitiveKernels,
  ReduceOp,
  Shape,
  SgdStepAttrs,
  Storage,
  TensorInfo,
  TensorMeta,
  UnaryOp,
} from '@othergrad/core/backend'

export type KernelFamilies = PrimitiveKernels & { fused: FusedKernels }

/** Runs the row for `op`, failing loudly when the backend has none or it declines. */
export function runKernel(
  backend: Backend,
  op: string,
  inputs: readonly TensorInfo[],
  attrs: unknown,
  outputs: readonly TensorMeta[],
): Storage | readonly Storage[] {
  const kernel = backend.kernels.get(op)
  if (kernel === undefined) throw new Error(`backend '${backend.name}' has no kernel for '${op}'`)
  const result = kernel(inputs, attrs as never, outputs)
  if (result === undefined) throw new Error(`backend '${backend.name}' declined '${op}'`)
  return result
}

function one(result: Storage | readonly Storage[]): Storage {
  if (Array.isArray(result)) throw new Error('expected one output')
  return result as Storage
}

const without = (shape: Shape, axes: readonly number[]): number[] =>
  shape.filter((_, i) => !axes.includes(i))

/** The table of `backend` in the families' call shapes. */
export function kernelFamilies(backend: Backend): KernelFamilies {
  const run = (op: string, inputs: readonly TensorInfo[], attrs: unknown, out: TensorMeta[]) =>
    one(runKernel(backend, op, inputs, attrs, out))
  const meta = (shape: Shape, dtype: DType): TensorMeta => ({ shape, dtype })
  const reduceNames: Record<ReduceOp, string> = {
    sum: 'sum',
    max: 'amax',
    min: 'amin',
    prod: 'prod',
  }
  return {
    unary: (op: UnaryOp, x) =>
      run(op, [x], null, [meta(x.shape, op === 'logicalNot' ? 'bool' : x.dtype)]),
    binary: (op: BinaryOp, a, b, outShape) =>
      run(op, [a, b], null, [meta(outShape, COMPARISON_OPS.includes(op) ? 'bool' : a.dtype)]),
    where: (c, a, b, outShape) => run('where', [c, a, b], null, [meta(outShape, a.dtype)]),
    cast: (x, dtype) => run('cast', [x], { dtype }, [meta(x.shape, dtype)]),
    reduce: (op: ReduceOp, x, axes) => {
      const dtype =
        (op === 'sum' || op === 'prod') && (x.dtype === 'bool' || x.dtype === 'int32')
          ? 'int32'
          : x.dtype
      return run(reduceNames[op], [x], { axes }, [meta(without(x.shape, axes), dtype)])
    },
    argReduce: (op: ArgReduceOp, x, axis) =>
      run(op, [x], { axis }, [meta(without(x.shape, [axis]), 'int32')]),
    matmul: (a, b, attrs: MatmulAttrs, outShape) =>
      run('matmul', [a, b], attrs, [meta(outShape, a.dtype)]),
    // The movement families are views read by the strided `contiguous` kernel.
    permute: (x, perm) => {
      const strides = stridesOf(x.shape)
      const shape = perm.map((p) => x.shape[p])
      const view = { ...x, shape, strides: perm.map((p) => strides[p]) }
      return run('contiguous', [view], null, [meta(shape, x.dtype)])
    },
    expand: (x, shape) => {
      const strides = stridesOf(x.shape)
      const lead = shape.length - x.shape.length
      const view = {
        ...x,
        shape,
        strides: shape.map((d, i) => (i < lead || x.shape[i - lead] !== d ? 0 : strides[i - lead])),
      }
      return run('contiguous', [view], null, [meta(shape, x.dtype)])
    },
    slice: (x, begin, size) => {
      const strides = stridesOf(x.shape)
      const offset = begin.reduce((o, b, d) => o + b * strides[d], 0)
      return run('contiguous', [{ ...x, shape: size, strides, offset }], null, [
        meta(size, x.dtype),
      ])
    },
    contiguous: (x) => run('contiguous', [x], null, [meta(x.shape, x.dtype)]),
    assign: (dst, src) => {
      runKernel(backend, 'assign', [dst, src], null, [])
    },
    pad: (x, before, after) =>
      run('pad', [x], { before, after }, [
        meta(
          x.shape.map((d, i) => d + before[i] + after[i]),
          x.dtype,
        ),
      ]),
    concat: (xs, axis) => {
      const shape = [...xs[0].shape]
      shape[axis] = xs.reduce((n, x) => n + x.shape[axis], 0)
      return run('cat', xs, { axis }, [meta(shape, xs[0].dtype)])
    },
    gather: (x, dim, index) =>
      run('gather', [x, index], { axis: dim }, [meta(index.shape, x.dtype)]),
    scatterAdd: (shape, dim, index, src) => {
      const base = { storage: backend.fill(numel(shape), 0, src.dtype), shape, dtype: src.dtype }
      return run('scatterAdd', [base, index, src], { axis: dim }, [meta(shape, src.dtype)])
    },
    indexSelect: (x, dim, index) =>
      run('indexSelect', [x, index], { axis: dim }, [
        meta(
          x.shape.map((d, i) => (i === dim ? index.shape[0] : d)),
          x.dtype,
        ),
      ]),
    indexAdd: (shape, dim, index, src) =>
      run('indexAdd', [src, index], { axis: dim }, [meta(shape, src.dtype)]),
    fused: {
      linear: (x, w, bias) =>
        run('linear', bias ? [x, w, bias] : [x, w], null, [
          meta([x.shape[0], w.shape[0]], x.dtype),
        ]),
      binaryScalar: (op, x, value) => run(`${op}Scalar`, [x], { value }, [meta(x.shape, x.dtype)]),
      reluBackward: (dy, y) => run('reluBackward', [dy, y], null, [meta(dy.shape, dy.dtype)]),
      logSoftmax: (x) =>
        run('logSoftmax', [x], { axis: x.shape.length - 1 }, [meta(x.shape, x.dtype)]),
      logSoftmaxBackward: (dy, y) =>
        run('logSoftmaxBackward', [dy, y], { axis: y.shape.length - 1 }, [meta(y.shape, y.dtype)]),
      sgdStep: (param, grad, buf, attrs: SgdStepAttrs) => {
        runKernel(backend, 'sgdStep', buf ? [param, grad, buf] : [param, grad], attrs, [])
      },
      adamStep: (param, grad, m, v, vMax, attrs: AdamStepAttrs) => {
        const inputs = vMax ? [param, grad, m, v, vMax] : [param, grad, m, v]
        runKernel(backend, 'adamStep', inputs, attrs, [])
      },
    },
  }
}
