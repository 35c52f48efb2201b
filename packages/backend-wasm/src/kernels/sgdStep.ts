import type { FusedKernels } from '@othergrad/core/backend'
import { sgdStepImpl } from '@othergrad/kernels-js'
import type { WasmContext } from '../context'
import { valuesOf } from '../storage'

type Floats = Float32Array | Float64Array

/**
 * One SGD step in place over views of the WASM heap: a single memory-bound pass, which the
 * JIT-compiled loop streams about as fast as SIMD would.
 */
export function sgdStepKernel(ctx: WasmContext): FusedKernels['sgdStep'] {
  const { store } = ctx
  return (param, grad, buf, attrs) => {
    const p = valuesOf(store, param) as Floats
    if (p.length === 0) return
    sgdStepImpl(
      p,
      valuesOf(store, grad) as Floats,
      buf ? (valuesOf(store, buf) as Floats) : null,
      attrs,
    )
  }
}
