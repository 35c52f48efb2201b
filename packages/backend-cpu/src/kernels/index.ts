/**
 * Every CPU kernel, listed explicitly and bound to one backend instance's store. Adding a
 * primitive to core's contract makes `cpuKernels` a type error until it is listed here.
 */
import type { FusedKernels, PrimitiveKernels } from '@othergrad/core/backend'
import type { CpuStore } from '../storage'
import { adamStep } from './adamStep'
import { argReduce } from './argReduce'
import { binary } from './binary'
import { binaryScalar } from './binaryScalar'
import { cast } from './cast'
import { concat } from './concat'
import { expand } from './expand'
import { gather } from './gather'
import { indexAdd } from './indexAdd'
import { indexSelect } from './indexSelect'
import { linear } from './linear'
import { logSoftmax, logSoftmaxBackward } from './logSoftmax'
import { matmul } from './matmul'
import { pad } from './pad'
import { permute } from './permute'
import { reduce } from './reduce'
import { reluBackward } from './reluBackward'
import { scatterAdd } from './scatterAdd'
import { sgdStep } from './sgdStep'
import { slice } from './slice'
import { assign, contiguous } from './strided'
import { unary } from './unary'
import { where } from './where'

/** The primitive kernels, writing their outputs through `store`. */
export function cpuKernels(store: CpuStore): PrimitiveKernels {
  return {
    // elementwise
    unary: (op, x) => unary(store, op, x),
    binary: (op, a, b, outShape) => binary(store, op, a, b, outShape),
    where: (cond, a, b, outShape) => where(store, cond, a, b, outShape),
    cast: (x, dtype) => cast(store, x, dtype),
    // reduce
    reduce: (op, x, axes) => reduce(store, op, x, axes),
    argReduce: (op, x, axis) => argReduce(store, op, x, axis),
    // matmul
    matmul: (a, b, attrs, outShape) => matmul(store, a, b, attrs, outShape),
    // movement
    permute: (x, perm) => permute(store, x, perm),
    expand: (x, shape) => expand(store, x, shape),
    slice: (x, begin, size) => slice(store, x, begin, size),
    pad: (x, before, after) => pad(store, x, before, after),
    concat: (xs, axis) => concat(store, xs, axis),
    contiguous: (x) => contiguous(store, x),
    assign,
    // index
    gather: (x, dim, index) => gather(store, x, dim, index),
    scatterAdd: (shape, dim, index, src) => scatterAdd(store, shape, dim, index, src),
    indexSelect: (x, dim, index) => indexSelect(store, x, dim, index),
    indexAdd: (shape, dim, index, src) => indexAdd(store, shape, dim, index, src),
  }
}

/** The fused kernels core uses on hot paths instead of their composites. */
export function cpuFusedKernels(store: CpuStore): FusedKernels {
  return {
    linear: (x, weight, bias) => linear(store, x, weight, bias),
    binaryScalar: (op, a, value) => binaryScalar(store, op, a, value),
    reluBackward: (dy, y) => reluBackward(store, dy, y),
    logSoftmax: (x) => logSoftmax(store, x),
    logSoftmaxBackward: (dy, y) => logSoftmaxBackward(store, dy, y),
    sgdStep,
    adamStep,
  }
}
