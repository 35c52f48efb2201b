import { numel } from '@othergrad/core/backend'
import type { FusedKernels } from '@othergrad/core/backend'
import type { WasmContext } from '../context'
import { ptrOf } from '../storage'
import { DTYPE_CODE } from './codes'

/**
 * One SGD step in place (assembly/kernels/optimStep.ts): one SIMD pass over param, grad and
 * the momentum buffer, split across threads for large parameters.
 */
export function sgdStepKernel(ctx: WasmContext): FusedKernels['sgdStep'] {
  const { sgdStep } = ctx.exports
  const { scalars } = ctx
  return (param, grad, buf, attrs) => {
    const n = numel(param.shape)
    if (n === 0) return
    const { lr, momentum, dampening, weightDecay, nesterov, maximize, firstStep } = attrs
    // prettier-ignore
    ctx.heap.f64.set([lr, momentum, 1 - dampening, weightDecay, +maximize, +nesterov, +firstStep, +(buf !== null)], scalars >>> 3)
    const dtype = DTYPE_CODE[param.dtype]
    const pointers = [ptrOf(param), ptrOf(grad), buf ? ptrOf(buf) : 0] as const
    if (ctx.pool?.worthMapping(n)) ctx.pool.map({ kernel: 'sgdStep', dtype, n, pointers, scalars })
    else sgdStep(dtype, ...pointers, scalars, 0, n)
  }
}

/**
 * One Adam/AdamW step in place (assembly/kernels/optimStep.ts): one SIMD pass over param, grad
 * and the moments, split across threads for large parameters.
 */
export function adamStepKernel(ctx: WasmContext): FusedKernels['adamStep'] {
  const { adamStep } = ctx.exports
  const { scalars } = ctx
  return (param, grad, expAvg, expAvgSq, maxExpAvgSq, attrs) => {
    const n = numel(param.shape)
    if (n === 0) return
    const { lr, beta1, beta2, eps, weightDecay, amsgrad, maximize } = attrs
    const decoupled = attrs.decoupledWeightDecay
    // prettier-ignore
    ctx.heap.f64.set([
      -(lr / (1 - beta1 ** attrs.step)), Math.sqrt(1 - beta2 ** attrs.step), beta1, 1 - beta1,
      beta2, 1 - beta2, eps, decoupled ? 0 : weightDecay, decoupled ? 1 - lr * weightDecay : 1,
      +maximize,
    ], scalars >>> 3)
    const dtype = DTYPE_CODE[param.dtype]
    const max = amsgrad && maxExpAvgSq ? ptrOf(maxExpAvgSq) : 0
    const pointers = [ptrOf(param), ptrOf(grad), ptrOf(expAvg), ptrOf(expAvgSq), max] as const
    if (ctx.pool?.worthMapping(n)) ctx.pool.map({ kernel: 'adamStep', dtype, n, pointers, scalars })
    else adamStep(dtype, ...pointers, scalars, 0, n)
  }
}
