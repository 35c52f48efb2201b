import { COMPARISON_OPS, numel } from '@othergrad/core/backend'
import type { ElementwiseKernels, Shape } from '@othergrad/core/backend'
import { broadcastStrides, collapse } from '@othergrad/kernels-js'
import type { Layout } from '@othergrad/kernels-js'
import type { WasmContext } from '../context'
import { ptrOf } from '../storage'
import { BINARY_CODE, DTYPE_CODE } from './codes'

/**
 * The layout the kernel walks. An operand with the output's element count can only differ from
 * it by leading 1s, so it is read in order, and a size-1 operand is read with stride 0: both
 * give one long row and skip the collapsing.
 */
function binaryLayout(aShape: Shape, bShape: Shape, outShape: Shape, size: number): Layout {
  const aSize = numel(aShape)
  const bSize = numel(bShape)
  if ((aSize === size || aSize === 1) && (bSize === size || bSize === 1)) {
    return { shape: [size], strides: [[aSize === 1 ? 0 : 1], [bSize === 1 ? 0 : 1]] }
  }
  return collapse(outShape, [
    broadcastStrides(aShape, outShape),
    broadcastStrides(bShape, outShape),
  ])
}

/** Elementwise binary kernel with broadcasting (assembly/kernels/binary.ts). */
export function binaryKernel(ctx: WasmContext): ElementwiseKernels['binary'] {
  const run = ctx.exports.binary
  const { store, layout } = ctx
  return (op, a, b, outShape) => {
    const size = numel(outShape)
    const out = store.alloc(COMPARISON_OPS.includes(op) ? 'bool' : a.dtype, size)
    if (size === 0) return out
    const { shape, strides } = binaryLayout(a.shape, b.shape, outShape, size)
    const rank = shape.length
    const code = BINARY_CODE[op]
    const dtype = DTYPE_CODE[a.dtype]
    // One flat run (same-size operands or a scalar): threads can take ranges of it.
    if (rank === 1 && ctx.pool !== null && ctx.pool.worthMapping(size)) {
      const pointers = [ptrOf(a), ptrOf(b), out.ptr]
      const pair = [strides[0][0], strides[1][0]] as const
      ctx.pool.map({ kernel: 'binaryRow', dtype, op: code, n: size, pointers, strides: pair })
      return out
    }
    const words = ctx.heap.i32
    const at = layout >>> 2
    words.set(shape, at)
    words.set(strides[0], at + rank)
    words.set(strides[1], at + 2 * rank)
    run(code, dtype, ptrOf(a), ptrOf(b), out.ptr, rank, layout)
    return out
  }
}
