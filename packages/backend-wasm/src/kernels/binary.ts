import { bytesPerElement, COMPARISON_OPS, numel } from '@othergrad/core/backend'
import type { BinaryOp, ElementwiseKernels, Shape, TensorInfo } from '@othergrad/core/backend'
import {
  broadcastStrides,
  collapse,
  isPlainOperand,
  viewBroadcastStrides,
} from '@othergrad/kernels-js'
import type { WasmContext } from '../context'
import type { WasmStorage } from '../storage'
import { ptrOf } from '../storage'
import { BINARY_CODE, DTYPE_CODE } from './codes'
import { canOverflow, overflowCheck } from './overflow'

/** Elementwise binary kernel with broadcasting (assembly/kernels/binary.ts). */
export function binaryKernel(ctx: WasmContext): ElementwiseKernels['binary'] {
  const run = ctx.exports.binary
  const { store, layout } = ctx
  const checkOverflow = overflowCheck(ctx)

  /** One run of `n` elements, operands stepping by `sa` and `sb`: threads can take ranges of it. */
  function flat(
    code: number,
    dtype: number,
    pa: number,
    pb: number,
    out: WasmStorage,
    n: number,
    sa: number,
    sb: number,
  ): void {
    if (ctx.pool?.worthMapping(n)) {
      const pointers = [pa, pb, out.ptr]
      // A comparison writes bools (1 byte each) whatever the operands' dtype.
      const outBytes = out.bytes / n
      ctx.pool.map({
        kernel: 'binaryRow',
        dtype,
        op: code,
        n,
        pointers,
        strides: [sa, sb],
        outBytes,
      })
      return
    }
    // Written word by word: Int32Array.set from small JS arrays costs more than the kernel.
    const words = ctx.heap.i32
    const at = layout >>> 2
    words[at] = n
    words[at + 1] = sa
    words[at + 2] = sb
    run(code, dtype, pa, pb, out.ptr, 1, layout)
  }

  return (op, a, b, outShape) => {
    const out = compute(op, a, b, outShape)
    // int32 add/sub/mul/pow raise instead of wrapping: the kernel flags a result outside int32.
    if (canOverflow(op, a.dtype)) checkOverflow(op, out)
    return out
  }

  function compute(op: BinaryOp, a: TensorInfo, b: TensorInfo, outShape: Shape): WasmStorage {
    const size = numel(outShape)
    const out = store.alloc(COMPARISON_OPS.includes(op) ? 'bool' : a.dtype, size)
    if (size === 0) return out
    const code = BINARY_CODE[op]
    const dtype = DTYPE_CODE[a.dtype]
    // An operand with the output's element count can only differ from it by leading 1s, so it
    // is read in order, and a size-1 operand is read with stride 0: one long row, no collapsing.
    const aSize = numel(a.shape)
    const bSize = numel(b.shape)
    const plain = isPlainOperand(a) && isPlainOperand(b)
    if (plain && (aSize === size || aSize === 1) && (bSize === size || bSize === 1)) {
      flat(code, dtype, ptrOf(a), ptrOf(b), out, size, aSize === 1 ? 0 : 1, bSize === 1 ? 0 : 1)
      return out
    }
    // Views are read through their own strides from their offset.
    const { shape, strides } = collapse(
      outShape,
      plain
        ? [broadcastStrides(a.shape, outShape), broadcastStrides(b.shape, outShape)]
        : [viewBroadcastStrides(a, outShape), viewBroadcastStrides(b, outShape)],
    )
    const pa = elementPtr(a)
    const pb = elementPtr(b)
    const rank = shape.length
    if (rank === 1) {
      flat(code, dtype, pa, pb, out, size, strides[0][0], strides[1][0])
      return out
    }
    const words = ctx.heap.i32
    const at = layout >>> 2
    for (let i = 0; i < rank; i++) {
      words[at + i] = shape[i]
      words[at + rank + i] = strides[0][i]
      words[at + 2 * rank + i] = strides[1][i]
    }
    run(code, dtype, pa, pb, out.ptr, rank, layout)
    return out
  }
}

/** The byte address of a (possibly offset) operand's first element. */
function elementPtr(x: TensorInfo): number {
  return ptrOf(x) + (x.offset ?? 0) * bytesPerElement(x.dtype)
}
