import { afterEach, describe, expect, it } from 'vitest'
import { getBackend, tensor, type AdamStepAttrs, type Tensor } from '@othergrad/core'
import type { Kernel } from '@othergrad/core/backend'
import { Adam, AdamW, type Optimizer } from '../src/index'
import { decode, expectClose } from './helpers'
import { objective, optimizerFixture, type OptimizerCase } from './optimizerFixture'
import { useCpu } from './setup'

await useCpu()

const f = optimizerFixture

function build(c: OptimizerCase, params: Tensor[]): Optimizer {
  const Ctor = c.optimizer === 'Adam' ? Adam : AdamW
  const groups = c.groups ? c.groups.map((g, i) => ({ params: [params[i]], ...g })) : params
  return new Ctor(groups, c.options)
}

// The cpu backend's own row; tests wrap it to count calls, or make it decline (as a backend
// without the kernel would) to run the composite.
const table = getBackend().kernels
const fusedAdamStep = table.get('adamStep') as Kernel<AdamStepAttrs>

afterEach(() => table.replace('adamStep', fusedAdamStep))

describe('the fused Adam step', () => {
  it('runs on backend-cpu for Adam and AdamW, once per parameter and step', () => {
    const calls: { inputs: number; attrs: AdamStepAttrs }[] = []
    table.replace<AdamStepAttrs>('adamStep', (inputs, attrs, outputs) => {
      calls.push({ inputs: inputs.length, attrs })
      return fusedAdamStep(inputs, attrs, outputs)
    })
    for (const [Ctor, decoupled] of [
      [Adam, false],
      [AdamW, true],
    ] as const) {
      calls.length = 0
      const p = tensor([1, 2], { requiresGrad: true })
      const q = tensor([3], { requiresGrad: true })
      const opt = new Ctor([p, q], { lr: 0.1, amsgrad: true, weightDecay: 0.1 })
      for (let i = 0; i < 2; i++) {
        p.grad = tensor([0.5, -1])
        q.grad = tensor([2])
        opt.step()
      }
      const attrs = calls.map((call) => call.attrs)
      expect(attrs.map((a) => [a.step, a.decoupledWeightDecay, a.amsgrad])).toEqual([
        [1, decoupled, true],
        [1, decoupled, true],
        [2, decoupled, true],
        [2, decoupled, true],
      ])
      // The kernel got the AMSGrad buffer, and its in-place writes reached the parameter.
      expect(calls.every((call) => call.inputs === 5)).toBe(true)
      expect(p.toArraySync()).not.toEqual([1, 2])
    }
  })

  it('has a composite fallback that still follows the PyTorch trajectories', () => {
    table.replace('adamStep', () => undefined) // as on a backend without the kernel (webgpu)
    const cases = f.cases.filter((c) => c.optimizer === 'Adam' || c.optimizer === 'AdamW')
    expect(cases.length).toBeGreaterThan(10)
    for (const c of cases) {
      const params = f.initial.map((e) => decode(e, true))
      const opt = build(c, params)
      c.trajectory.forEach((expected, step) => {
        opt.zeroGrad()
        objective(params[0], params[1]).backward()
        opt.step()
        params.forEach((p, i) =>
          expectClose(p, expected[i], `${c.name}: parameter ${i} after step ${step + 1}`),
        )
      })
    }
  })
})
