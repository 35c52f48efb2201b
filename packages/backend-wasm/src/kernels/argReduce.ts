import type { ReduceKernels } from '@othergrad/core/backend'
import { argReduceImpl } from '@othergrad/kernels-js'
import type { WasmContext } from '../context'
import { valuesOf } from '../storage'

/** argmax/argmin along `axis` (int32, that dim removed). */
export function argReduceKernel(ctx: WasmContext): ReduceKernels['argReduce'] {
  const { store } = ctx
  return (op, x, axis) => {
    let outSize = 1
    for (let d = 0; d < x.shape.length; d++) if (d !== axis) outSize *= x.shape[d]
    const out = store.alloc('int32', outSize)
    if (outSize === 0) return out
    const values = store.view('int32', out.ptr, outSize) as Int32Array
    // The impl only writes an index where a later element wins; WASM memory is not zeroed.
    values.fill(0)
    argReduceImpl(op, valuesOf(store, x), x.shape, axis, values)
    return out
  }
}
