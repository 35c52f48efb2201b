import type { FusedKernels } from '@othergrad/core/backend'
import { adamStepImpl } from '@othergrad/kernels-js'
import type { WasmContext } from '../context'
import { valuesOf } from '../storage'

type Floats = Float32Array | Float64Array

/**
 * One Adam/AdamW step in place over views of the WASM heap: a single memory-bound pass, as the
 * SGD step is (the views stay valid because nothing allocates while it runs).
 */
export function adamStepKernel(ctx: WasmContext): FusedKernels['adamStep'] {
  const { store } = ctx
  return (param, grad, expAvg, expAvgSq, maxExpAvgSq, attrs) => {
    const p = valuesOf(store, param) as Floats
    if (p.length === 0) return
    adamStepImpl(
      p,
      valuesOf(store, grad) as Floats,
      valuesOf(store, expAvg) as Floats,
      valuesOf(store, expAvgSq) as Floats,
      maxExpAvgSq ? (valuesOf(store, maxExpAvgSq) as Floats) : null,
      attrs,
    )
  }
}
