import type { FusedKernels } from '@othergrad/core/backend'
import { sgdStepImpl } from '@othergrad/kernels-js'
import { valuesOf } from '../storage'

type Floats = Float32Array | Float64Array

/** One SGD step in place on the param's (and momentum buffer's) own arrays. */
export const sgdStep: FusedKernels['sgdStep'] = (param, grad, buf, attrs) => {
  sgdStepImpl(
    valuesOf(param) as Floats,
    valuesOf(grad) as Floats,
    buf ? (valuesOf(buf) as Floats) : null,
    attrs,
  )
}
