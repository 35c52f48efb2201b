import { afterEach, describe, expect, it, vi } from 'vitest'
import { getBackend, tensor, type AdamStepAttrs, type Tensor } from '@othergrad/core'
import type { FusedKernels } from '@othergrad/core/backend'
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

// Typed as complete so vi.spyOn sees `adamStep` as a method; deleting it is the composite test.
const fused = getBackend().fused as Partial<FusedKernels> & Pick<FusedKernels, 'adamStep'>
const fusedAdamStep = fused.adamStep

afterEach(() => {
  fused.adamStep = fusedAdamStep
  vi.restoreAllMocks()
})

describe('the fused Adam step', () => {
  it('runs on backend-cpu for Adam and AdamW, once per parameter and step', () => {
    const spy = vi.spyOn(fused, 'adamStep')
    for (const [Ctor, decoupled] of [
      [Adam, false],
      [AdamW, true],
    ] as const) {
      spy.mockClear()
      const p = tensor([1, 2], { requiresGrad: true })
      const q = tensor([3], { requiresGrad: true })
      const opt = new Ctor([p, q], { lr: 0.1, amsgrad: true, weightDecay: 0.1 })
      for (let i = 0; i < 2; i++) {
        p.grad = tensor([0.5, -1])
        q.grad = tensor([2])
        opt.step()
      }
      const attrs = spy.mock.calls.map((call) => call[5])
      expect(attrs.map((a: AdamStepAttrs) => [a.step, a.decoupledWeightDecay, a.amsgrad])).toEqual([
        [1, decoupled, true],
        [1, decoupled, true],
        [2, decoupled, true],
        [2, decoupled, true],
      ])
      // The kernel got the AMSGrad buffer, and its in-place writes reached the parameter.
      expect(spy.mock.calls.every((call) => call[4] !== null)).toBe(true)
      expect(p.toArraySync()).not.toEqual([1, 2])
    }
  })

  it('has a composite fallback that still follows the PyTorch trajectories', () => {
    delete (fused as Partial<FusedKernels>).adamStep // as on a backend without the kernel (webgpu)
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
