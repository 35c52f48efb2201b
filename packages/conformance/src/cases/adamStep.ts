import { expect } from 'vitest'
import { adamStep_, type AdamStepAttrs } from '@othergrad/core'
import { property, type CaseContext, type ConformanceCase } from '../case'

// Adam with everything on: β2 = 0.9 and the 3 → 0.1 gradient of element 1 make v shrink, so the
// AMSGrad maximum matters. AdamW with decoupled decay and non-default betas and eps.
const adam: AdamStepAttrs = { lr: 0.1, beta1: 0.9, beta2: 0.9, eps: 1e-8, weightDecay: 0.1, amsgrad: true, maximize: true, decoupledWeightDecay: false, step: 1 }
const adamW: AdamStepAttrs = { lr: 0.05, beta1: 0.8, beta2: 0.99, eps: 1e-6, weightDecay: 0.5, amsgrad: false, maximize: false, decoupledWeightDecay: true, step: 1 }
const p0 = [1, -2, 0.5]
const grads = [[0.5, 3, -1], [-0.2, 0.1, 0.1], [0.3, -0.05, 0.4]]

interface Moments { p: number[]; m: number[]; v: number[]; vMax: number[] }

// The steps computed by hand, line by line as torch.optim's _single_tensor_adam(w) writes them:
// g = ±grad (+ wd p for Adam; AdamW scales p by 1 − lr wd first); m = β1 m + (1 − β1) g;
// v = β2 v + (1 − β2) g g; vMax = max(vMax, v); p −= lr / bc1 · m / (sqrt(v̂) / sqrt(bc2) + eps).
function expected(a: AdamStepAttrs): Moments {
  let p = [...p0]
  let m = [0, 0, 0]
  let v = [0, 0, 0]
  let vMax = [0, 0, 0]
  grads.forEach((grad, k) => {
    const step = k + 1
    let g = grad.map((gi) => (a.maximize ? -gi : gi))
    if (a.decoupledWeightDecay) p = p.map((pi) => pi * (1 - a.lr * a.weightDecay))
    else g = g.map((gi, i) => gi + a.weightDecay * p[i])
    m = m.map((mi, i) => a.beta1 * mi + (1 - a.beta1) * g[i])
    v = v.map((vi, i) => a.beta2 * vi + (1 - a.beta2) * g[i] * g[i])
    vMax = vMax.map((x, i) => Math.max(x, v[i]))
    const second = a.amsgrad ? vMax : v
    const bc1 = 1 - a.beta1 ** step
    const bc2 = 1 - a.beta2 ** step
    p = p.map((pi, i) => pi - ((a.lr / bc1) * m[i]) / (Math.sqrt(second[i]) / Math.sqrt(bc2) + a.eps))
  })
  return { p, m, v, vMax }
}

async function runSteps(ctx: CaseContext, a: AdamStepAttrs): Promise<void> {
  const p = ctx.tensor(p0)
  const [m, v, vMax] = [ctx.tensor([0, 0, 0]), ctx.tensor([0, 0, 0]), ctx.tensor([0, 0, 0])]
  grads.forEach((g, k) => adamStep_(p, ctx.tensor(g), m, v, a.amsgrad ? vMax : null, { ...a, step: k + 1 }))
  const want = expected(a)
  await ctx.expectClose(p, want.p, 'forward', 'param')
  await ctx.expectClose(m, want.m, 'forward', 'expAvg')
  await ctx.expectClose(v, want.v, 'forward', 'expAvgSq')
  if (a.amsgrad) await ctx.expectClose(vMax, want.vMax, 'forward', 'maxExpAvgSq')
  expect(p.version).toBeGreaterThan(0)
  expect(m.version).toBeGreaterThan(0)
}

export const adamStepCases: ConformanceCase[] = [
  property('adamStep_', 'takes three Adam steps with AMSGrad, L2 weight decay and maximize as PyTorch does', (ctx) => runSteps(ctx, adam)),
  property('adamStep_', 'takes three AdamW steps with decoupled weight decay as PyTorch does', (ctx) => runSteps(ctx, adamW)),
  property('adamStep_', 'rejects a moment buffer of another shape', (ctx) => {
    expect(() => adamStep_(ctx.tensor([1, 2]), ctx.tensor([1, 2]), ctx.tensor([0]), ctx.tensor([0, 0]), null, { ...adamW })).toThrow(/adamStep_: expAvg must match param/)
  }),
  property('adamStep_', 'needs a maximum buffer for AMSGrad and a step from 1', (ctx) => {
    const [p, g, m, v] = [ctx.tensor([1]), ctx.tensor([1]), ctx.tensor([0]), ctx.tensor([0])]
    expect(() => adamStep_(p, g, m, v, null, adam)).toThrow(/adamStep_: amsgrad needs a maxExpAvgSq buffer/)
    expect(() => adamStep_(p, g, m, v, null, { ...adamW, step: 0 })).toThrow(/adamStep_: step counts steps from 1/)
  }),
]
