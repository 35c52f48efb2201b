/**
 * Every WASM kernel, listed explicitly and bound to one backend instance's context. Arithmetic
 * (elementwise, reductions, matmul, the fused kernels) runs in AssemblyScript with SIMD, each
 * glue file here paired with its namesake in assembly/kernels/. Movement and index kernels
 * (permute, slice, gather, ...) and where/cast/argReduce are index bookkeeping rather than
 * arithmetic, and run `@othergrad/kernels-js`'s impls over typed-array views of the same memory.
 */
import type { FusedKernels, PrimitiveKernels } from '@othergrad/core/backend'
import type { WasmContext } from '../context'
import { argReduceKernel } from './argReduce'
import { binaryKernel } from './binary'
import { binaryScalarKernel } from './binaryScalar'
import { castKernel } from './cast'
import { concatKernel } from './concat'
import { expandKernel } from './expand'
import { gatherKernel } from './gather'
import { indexAddKernel } from './indexAdd'
import { indexSelectKernel } from './indexSelect'
import { linearKernel } from './linear'
import { logSoftmaxBackwardKernel, logSoftmaxKernel } from './logSoftmax'
import { adamStepKernel, sgdStepKernel } from './optimStep'
import { matmulKernel } from './matmul'
import { padKernel } from './pad'
import { permuteKernel } from './permute'
import { reduceKernel } from './reduce'
import { reluBackwardKernel } from './reluBackward'
import { scatterAddKernel } from './scatterAdd'
import { sliceKernel } from './slice'
import { assignKernel, contiguousKernel } from './strided'
import { unaryKernel } from './unary'
import { whereKernel } from './where'

/** The primitive kernels, each bound once to `ctx`'s exports and memory. */
export function wasmKernels(ctx: WasmContext): PrimitiveKernels {
  return {
    // elementwise
    unary: unaryKernel(ctx),
    binary: binaryKernel(ctx),
    where: whereKernel(ctx),
    cast: castKernel(ctx),
    // reduce
    reduce: reduceKernel(ctx),
    argReduce: argReduceKernel(ctx),
    // matmul
    matmul: matmulKernel(ctx),
    // movement
    permute: permuteKernel(ctx),
    expand: expandKernel(ctx),
    slice: sliceKernel(ctx),
    pad: padKernel(ctx),
    concat: concatKernel(ctx),
    contiguous: contiguousKernel(ctx),
    assign: assignKernel(ctx),
    // index
    gather: gatherKernel(ctx),
    scatterAdd: scatterAddKernel(ctx),
    indexSelect: indexSelectKernel(ctx),
    indexAdd: indexAddKernel(ctx),
  }
}

/** The fused kernels core uses on hot paths instead of their composites. */
export function wasmFusedKernels(ctx: WasmContext): FusedKernels {
  return {
    linear: linearKernel(ctx),
    binaryScalar: binaryScalarKernel(ctx, binaryKernel(ctx)),
    reluBackward: reluBackwardKernel(ctx),
    logSoftmax: logSoftmaxKernel(ctx),
    logSoftmaxBackward: logSoftmaxBackwardKernel(ctx),
    sgdStep: sgdStepKernel(ctx),
    adamStep: adamStepKernel(ctx),
  }
}
