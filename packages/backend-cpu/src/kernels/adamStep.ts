import type { FusedKernels } from '@othergrad/core/backend'
import { adamStepImpl } from '@othergrad/kernels-js'
import { valuesOf } from '../storage'

type Floats = Float32Array | Float64Array

/** One Adam/AdamW step in place on the param's and moment buffers' own arrays. */
export const adamStep: FusedKernels['adamStep'] = (
  param,
  grad,
  expAvg,
  expAvgSq,
  maxExpAvgSq,
  attrs,
) => {
  adamStepImpl(
    valuesOf(param) as Floats,
    valuesOf(grad) as Floats,
    valuesOf(expAvg) as Floats,
    valuesOf(expAvgSq) as Floats,
    maxExpAvgSq ? (valuesOf(maxExpAvgSq) as Floats) : null,
    attrs,
  )
}
