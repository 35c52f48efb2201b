import type {
  CoreKernels,
  FusedKernelRows,
  FusedKernels,
  Kernel,
  PrimitiveKernels,
  StorageOps,
  TensorInfo,
} from './kernels'
import { BINARY_OPS, UNARY_OPS } from './kernels'

/**
 * Core's primitive rows from a backend's kernel families (`unary(op, x)`, `binary(op, a, b,
 * outShape)`, ...): how the built-in backends fill their tables. A backend may instead write
 * any row directly in the `Kernel` signature.
 */
export function primitiveRows(
  k: PrimitiveKernels & Pick<StorageOps, 'fill' | 'disposeStorage'>,
): CoreKernels {
  const rows: Record<string, Kernel<never>> = {}
  for (const op of UNARY_OPS) rows[op] = (([x]) => k.unary(op, x)) as Kernel<null>
  for (const op of BINARY_OPS)
    rows[op] = (([a, b], _, [out]) => k.binary(op, a, b, out.shape)) as Kernel<null>
  const core: Omit<CoreKernels, (typeof UNARY_OPS)[number] | (typeof BINARY_OPS)[number]> = {
    where: ([c, a, b], _, [out]) => k.where(c, a, b, out.shape),
    cast: ([x], { dtype }) => k.cast(x, dtype),
    sum: ([x], { axes }) => k.reduce('sum', x, axes),
    amax: ([x], { axes }) => k.reduce('max', x, axes),
    amin: ([x], { axes }) => k.reduce('min', x, axes),
    prod: ([x], { axes }) => k.reduce('prod', x, axes),
    max: ([x], { axis }) => [k.reduce('max', x, [axis]), k.argReduce('argmax', x, axis)],
    min: ([x], { axis }) => [k.reduce('min', x, [axis]), k.argReduce('argmin', x, axis)],
    argmax: ([x], { axis }) => k.argReduce('argmax', x, axis),
    argmin: ([x], { axis }) => k.argReduce('argmin', x, axis),
    matmul: ([a, b], attrs, [out]) => k.matmul(a, b, attrs, out.shape),
    pad: ([x], { before, after }) => k.pad(x, before, after),
    cat: (xs, { axis }) => k.concat(xs, axis),
    clone: ([x]) => k.contiguous(x),
    contiguous: ([x]) => k.contiguous(x),
    assign: ([dst, src]) => {
      k.assign(dst, src)
      return []
    },
    gather: ([x, index], { axis }) => k.gather(x, axis, index),
    // base + scatter(src): the family scatters into zeros, then one add.
    scatterAdd: ([base, index, src], { axis }, [out]) => {
      const scattered = k.scatterAdd(out.shape, axis, index, src)
      try {
        return k.binary(
          'add',
          { storage: scattered, shape: out.shape, dtype: out.dtype },
          base,
          out.shape,
        )
      } finally {
        // Freed also when an int32 sum overflows and the add raises.
        k.disposeStorage(scattered)
      }
    },
    indexSelect: ([x, index], { axis }) => k.indexSelect(x, axis, index),
    indexAdd: ([src, index], { axis }, [out]) => k.indexAdd(out.shape, axis, index, src),
  }
  return Object.assign(rows, core) as CoreKernels
}

/** The fused rows from a backend's fused kernel family; a kernel it lacks gives no row. */
export function fusedRows(f: Partial<FusedKernels>): Partial<FusedKernelRows> {
  const rows: Partial<FusedKernelRows> = {}
  const { linear, binaryScalar, reluBackward, logSoftmax, logSoftmaxBackward, sgdStep, adamStep } =
    f
  if (linear) rows.linear = ([x, w, bias]) => linear(x, w, bias ?? null)
  if (binaryScalar) {
    rows.addScalar = ([x], { value }) => binaryScalar('add', x, value)
    rows.subScalar = ([x], { value }) => binaryScalar('sub', x, value)
    rows.mulScalar = ([x], { value }) => binaryScalar('mul', x, value)
    rows.divScalar = ([x], { value }) => binaryScalar('div', x, value)
  }
  if (reluBackward) rows.reluBackward = ([dy, y]) => reluBackward(dy, y)
  // The fused log-softmax covers the last axis only; other axes decline to the composite.
  if (logSoftmax) rows.logSoftmax = ([x], { axis }) => (isLast(x, axis) ? logSoftmax(x) : undefined)
  if (logSoftmaxBackward) {
    rows.logSoftmaxBackward = ([dy, y], { axis }) =>
      isLast(y, axis) ? logSoftmaxBackward(dy, y) : undefined
  }
  if (sgdStep) {
    rows.sgdStep = ([param, grad, buf], attrs) => {
      sgdStep(param, grad, buf ?? null, attrs)
      return []
    }
  }
  if (adamStep) {
    rows.adamStep = ([param, grad, m, v, vMax], attrs) => {
      adamStep(param, grad, m, v, vMax ?? null, attrs)
      return []
    }
  }
  return rows
}

function isLast(x: TensorInfo, axis: number): boolean {
  return x.shape.length > 0 && axis === x.shape.length - 1
}
