import { expect } from 'vitest'
import { sgdStep_, type SgdStepAttrs } from '@othergrad/core'
import { property, type ConformanceCase } from '../case'

const attrs: SgdStepAttrs = { lr: 0.1, momentum: 0.9, dampening: 0, weightDecay: 0.01, nesterov: true, maximize: false, firstStep: true }

// Two Nesterov steps with weight decay, computed by hand with PyTorch's rule:
// d = g + wd p; buf = d (first), m buf + d (then); p -= lr (d + m buf).
function expected(): { p: number[]; buf: number[] } {
  let p = [1, -2, 0.5]
  const grads = [[0.5, 0.25, -1], [-0.2, 0.4, 0.1]]
  let buf: number[] = []
  grads.forEach((g, step) => {
    const d = g.map((gi, i) => gi + 0.01 * p[i])
    buf = step === 0 ? d : buf.map((b, i) => 0.9 * b + d[i])
    p = p.map((pi, i) => pi - 0.1 * (d[i] + 0.9 * buf[i]))
  })
  return { p, buf }
}

export const sgdStepCases: ConformanceCase[] = [
  property('sgdStep_', 'takes two Nesterov steps with weight decay as PyTorch does', async (ctx) => {
    const p = ctx.tensor([1, -2, 0.5])
    const buf = ctx.tensor([0, 0, 0])
    sgdStep_(p, ctx.tensor([0.5, 0.25, -1]), buf, attrs)
    sgdStep_(p, ctx.tensor([-0.2, 0.4, 0.1]), buf, { ...attrs, firstStep: false })
    const want = expected()
    const tol = ctx.dtype === 'float64' ? 1e-12 : 1e-6
    Array.from(await p.data()).forEach((v, i) => expect(Math.abs(v - want.p[i])).toBeLessThan(tol))
    Array.from(await buf.data()).forEach((v, i) => expect(Math.abs(v - want.buf[i])).toBeLessThan(tol))
    expect(p.version).toBeGreaterThan(0)
  }),
  property('sgdStep_', 'rejects a gradient of another shape', (ctx) => {
    expect(() => sgdStep_(ctx.tensor([1, 2]), ctx.tensor([1]), null, { ...attrs, momentum: 0 })).toThrow(/sgdStep_: grad must match param/)
  }),
]
