import { checkNumberOption, checkOptionKeys, fail } from '../check'
import { formatShape } from '../shape'
import { Tensor } from '../tensor'
import { tensor } from '../ops/creation/tensor'
import { grad } from './grad'
import { enableGrad, noGrad } from './gradMode'

/** `gradcheck`'s tolerances and behaviour, like `torch.autograd.gradcheck`'s. */
export interface GradcheckOptions {
  /** Finite-difference step. */
  eps?: number
  atol?: number
  rtol?: number
  /** Throw with details on a mismatch (default), or return false. */
  raiseException?: boolean
}

type Fn = (...inputs: Tensor[]) => Tensor | Tensor[]

function outputsOf(fn: Fn, inputs: Tensor[]): Tensor[] {
  const out = fn(...inputs)
  return (Array.isArray(out) ? out : [out]).filter(
    (o) => o.dtype === 'float64' || o.dtype === 'float32',
  )
}

function withValue(t: Tensor, values: Float64Array): Tensor {
  return tensor(values, {
    dtype: t.dtype,
    shape: t.shape,
    backend: t.backend.name,
    requiresGrad: t.requiresGrad,
  })
}

/**
 * Compares the analytic Jacobian (from backward) with central finite differences, like
 * `torch.autograd.gradcheck`. Inputs should be float64 on a backend that reads synchronously.
 *
 * @example
 * gradcheck((a, b) => a.mul(b).sin(), [a, b]) // true
 */
export function gradcheck(
  fn: Fn,
  inputs: readonly Tensor[],
  options: GradcheckOptions = {},
): boolean {
  checkOptionKeys('gradcheck', options, ['eps', 'atol', 'rtol', 'raiseException'])
  const { eps = 1e-6, atol = 1e-5, rtol = 1e-3, raiseException = true } = options
  checkNumberOption('gradcheck', 'eps', eps, { min: 0, minExclusive: true })
  checkNumberOption('gradcheck', 'atol', atol, { min: 0 })
  checkNumberOption('gradcheck', 'rtol', rtol, { min: 0 })
  const ins = [...inputs]
  const outputs = outputsOf(fn, ins)
  const diffIndices = ins.map((t, i) => (t.requiresGrad ? i : -1)).filter((i) => i >= 0)
  if (diffIndices.length === 0) fail('gradcheck', 'at least one input must require grad')
  for (let o = 0; o < outputs.length; o++) {
    const out = outputs[o]
    // Analytic Jacobian rows: one vector-Jacobian product per output element.
    const analytic: Float64Array[][] = diffIndices.map((i) =>
      Array.from({ length: out.size }, () => new Float64Array(ins[i].size)),
    )
    for (let j = 0; j < out.size; j++) {
      const onehot = new Float64Array(out.size)
      onehot[j] = 1
      const v = tensor(onehot, { dtype: out.dtype, shape: out.shape, backend: out.backend.name })
      const gs = grad(
        [out],
        diffIndices.map((i) => ins[i]),
        { gradOutputs: [v], retainGraph: true, allowUnused: true },
      )
      gs.forEach((g, k) => {
        if (g) analytic[k][j].set(g.dataSync())
      })
    }
    // Numeric Jacobian columns: central differences on each input element.
    for (let k = 0; k < diffIndices.length; k++) {
      const i = diffIndices[k]
      const base = Float64Array.from(ins[i].dataSync())
      for (let e = 0; e < base.length; e++) {
        const column = noGrad(() => {
          const plus = Float64Array.from(base)
          plus[e] += eps
          const minus = Float64Array.from(base)
          minus[e] -= eps
          const fPlus = outputsOf(
            fn,
            ins.map((t, n) => (n === i ? withValue(t, plus) : t)),
          )[o].dataSync()
          const fMinus = outputsOf(
            fn,
            ins.map((t, n) => (n === i ? withValue(t, minus) : t)),
          )[o].dataSync()
          return Array.from(fPlus, (p, j) => (p - fMinus[j]) / (2 * eps))
        })
        for (let j = 0; j < out.size; j++) {
          const a = analytic[k][j][e]
          const n = column[j]
          if (!(Math.abs(a - n) <= atol + rtol * Math.abs(n))) {
            if (!raiseException) return false
            fail(
              'gradcheck',
              `Jacobian mismatch for output ${o} with respect to input ${i} (shape ${formatShape(ins[i].shape)}) at input element ${e}, output element ${j}: numerical ${n}, analytical ${a}`,
            )
          }
        }
      }
    }
  }
  return true
}

/**
 * Checks second derivatives: gradcheck of the (createGraph) gradient of `fn`, with random output
 * gradients, like `torch.autograd.gradgradcheck`.
 */
export function gradgradcheck(
  fn: Fn,
  inputs: readonly Tensor[],
  options: GradcheckOptions = {},
): boolean {
  const ins = [...inputs]
  const outputs = outputsOf(fn, ins)
  const diff = ins.filter((t) => t.requiresGrad)
  const vs = outputs.map((o) => {
    const values = Float64Array.from({ length: o.size }, (_, j) => Math.sin(7.1 * j + 0.3) + 0.5)
    return tensor(values, {
      dtype: o.dtype,
      shape: o.shape,
      backend: o.backend.name,
      requiresGrad: true,
    })
  })
  // gradcheck runs its finite differences under noGrad; the inner gradient still needs its graph.
  const gradFn = (...args: Tensor[]): Tensor[] =>
    enableGrad(() => {
      const xs = args.slice(0, ins.length)
      const gradOutputs = args.slice(ins.length)
      const outs = outputsOf(fn, xs)
      const targets = xs.filter((_, i) => ins[i].requiresGrad)
      return grad(outs, targets, { gradOutputs, createGraph: true, allowUnused: true }).filter(
        (g): g is Tensor => g !== null,
      )
    })
  if (diff.length === 0) fail('gradgradcheck', 'at least one input must require grad')
  return gradcheck(gradFn, [...ins, ...vs], options)
}
