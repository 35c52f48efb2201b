import type { ElementwiseKernels, FusedKernels, Shape } from '@othergrad/core/backend'
import type { WasmContext } from '../context'
import { WasmStorage } from '../storage'

const SCALAR: Shape = []

/**
 * `op(a, value)` for a float tensor and a number already rounded to its dtype: the binary
 * kernel (one thread or many) against a one-element block the value is written into, so it runs
 * exactly as against a 0-d tensor without allocating, writing and freeing one. The block is this
 * backend's own, allocated once, outside the store's tensor accounting.
 */
export function binaryScalarKernel(
  ctx: WasmContext,
  binary: ElementwiseKernels['binary'],
): FusedKernels['binaryScalar'] {
  const ptr = ctx.heap.alloc(8)
  const storage = new WasmStorage(ctx.store.backend, ptr, 8)
  return (op, a, value) => {
    // The views are read at each call: growing the memory replaces them.
    if (a.dtype === 'float32') ctx.heap.f32[ptr >>> 2] = value
    else ctx.heap.f64[ptr >>> 3] = value
    return binary(op, a, { storage, shape: SCALAR, dtype: a.dtype }, a.shape)
  }
}
