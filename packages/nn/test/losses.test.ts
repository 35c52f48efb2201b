import { describe, expect, it } from 'vitest'
import { tensor, type Reduction, type Tensor } from '@othergrad/core'
import {
  BCELoss,
  BCEWithLogitsLoss,
  CrossEntropyLoss,
  functional as F,
  HuberLoss,
  L1Loss,
  MSELoss,
  NLLLoss,
} from '../src/index'
import { decode, expectClose, fixture, type Encoded } from './helpers'
import { useCpu } from './setup'

await useCpu()

interface LossCase {
  name: string
  loss: string
  options: { reduction: Reduction; ignoreIndex?: number; labelSmoothing?: number; delta?: number }
  input: Encoded
  target: Encoded
  weight?: Encoded
  posWeight?: Encoded
  output: Encoded
  gradOutput: Encoded
  gradInput: Encoded
  gradTarget?: Encoded
}

const { cases } = fixture<{ cases: LossCase[] }>('losses.json')

type LossFn = (input: Tensor, target: Tensor) => Tensor

/** The loss module for a case, and the same loss through `functional`. */
function losses(c: LossCase): [LossFn, LossFn] {
  const weight = c.weight ? decode(c.weight) : null
  const posWeight = c.posWeight ? decode(c.posWeight) : null
  const o = c.options
  switch (c.loss) {
    case 'CrossEntropyLoss': {
      const opts = {
        reduction: o.reduction,
        weight,
        ignoreIndex: o.ignoreIndex,
        labelSmoothing: o.labelSmoothing,
      }
      const m = new CrossEntropyLoss(opts)
      return [(x, t) => m.forward(x, t), (x, t) => F.crossEntropy(x, t, opts)]
    }
    case 'NLLLoss': {
      const opts = { reduction: o.reduction, weight, ignoreIndex: o.ignoreIndex }
      const m = new NLLLoss(opts)
      return [(x, t) => m.forward(x, t), (x, t) => F.nllLoss(x, t, opts)]
    }
    case 'MSELoss': {
      const m = new MSELoss({ reduction: o.reduction })
      return [(x, t) => m.forward(x, t), (x, t) => F.mseLoss(x, t, { reduction: o.reduction })]
    }
    case 'L1Loss': {
      const m = new L1Loss({ reduction: o.reduction })
      return [(x, t) => m.forward(x, t), (x, t) => F.l1Loss(x, t, { reduction: o.reduction })]
    }
    case 'HuberLoss': {
      const m = new HuberLoss({ reduction: o.reduction, delta: o.delta })
      return [
        (x, t) => m.forward(x, t),
        (x, t) => F.huberLoss(x, t, { reduction: o.reduction, delta: o.delta }),
      ]
    }
    case 'BCELoss': {
      const m = new BCELoss({ reduction: o.reduction, weight })
      return [
        (x, t) => m.forward(x, t),
        (x, t) => F.binaryCrossEntropy(x, t, { reduction: o.reduction, weight }),
      ]
    }
    case 'BCEWithLogitsLoss': {
      const opts = { reduction: o.reduction, weight, posWeight }
      const m = new BCEWithLogitsLoss(opts)
      return [(x, t) => m.forward(x, t), (x, t) => F.binaryCrossEntropyWithLogits(x, t, opts)]
    }
    default:
      throw new Error(`no loss ${c.loss}`)
  }
}

describe('losses match PyTorch (value and gradients)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const [asModule, asFunction] = losses(c)
      for (const [how, fn] of [
        ['module', asModule],
        ['functional', asFunction],
      ] as const) {
        const x = decode(c.input, true)
        const t = decode(c.target, c.gradTarget !== undefined)
        const loss = fn(x, t)
        expectClose(loss, c.output, `${how} loss`)
        loss.backward(decode(c.gradOutput))
        expectClose(x.grad, c.gradInput, `${how} gradient of the input`)
        if (c.gradTarget) expectClose(t.grad, c.gradTarget, `${how} gradient of the target`)
      }
    })
  }
})

describe('loss errors', () => {
  it('rejects an unknown reduction with the valid ones named', () => {
    expect(() => F.mseLoss(tensor([1]), tensor([2]), { reduction: 'avg' as Reduction })).toThrow(
      /mseLoss: avg is not a valid value for reduction/,
    )
  })

  it('rejects BCE targets of another shape, as PyTorch does', () => {
    expect(() => F.binaryCrossEntropy(tensor([[0.5, 0.5]]), tensor([1, 0]))).toThrow(
      /different to the input size/,
    )
  })

  it('rejects a non-positive Huber delta', () => {
    expect(() => new HuberLoss({ delta: 0 }).forward(tensor([1]), tensor([2]))).toThrow(/delta/)
  })

  it('keeps the loss weight as a buffer, in the state dict as in PyTorch', () => {
    const m = new CrossEntropyLoss({ weight: tensor([1, 2, 3]) })
    expect(Object.keys(m.stateDict())).toEqual(['weight'])
    expect(Object.keys(new BCEWithLogitsLoss({ posWeight: tensor([2]) }).stateDict())).toEqual([
      'pos_weight',
    ])
  })
})
