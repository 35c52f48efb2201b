import { crossEntropy, getBackend, tensor } from '@othergrad/core'
import { op, property, throws, type ConformanceCase } from '../case'
import { expect } from 'vitest'

export const crossEntropyCases: ConformanceCase[] = [
  op('crossEntropy', 'mean', (x, t) => crossEntropy(x, t)),
  op('crossEntropy', 'sum', (x, t) => crossEntropy(x, t, { reduction: 'sum' })),
  op('crossEntropy', 'none', (x, t) => crossEntropy(x, t, { reduction: 'none' })),
  op('crossEntropy', 'weight', (x, t, weight) => crossEntropy(x, t, { weight })),
  op('crossEntropy', 'weight sum', (x, t, weight) => crossEntropy(x, t, { weight, reduction: 'sum' })),
  op('crossEntropy', 'weight none', (x, t, weight) => crossEntropy(x, t, { weight, reduction: 'none' })),
  op('crossEntropy', 'ignoreIndex', (x, t) => crossEntropy(x, t)),
  op('crossEntropy', 'ignoreIndex=1', (x, t) => crossEntropy(x, t, { ignoreIndex: 1 })),
  op('crossEntropy', 'ignoreIndex weight', (x, t, weight) => crossEntropy(x, t, { weight, ignoreIndex: 2 })),
  op('crossEntropy', 'labelSmoothing', (x, t) => crossEntropy(x, t, { labelSmoothing: 0.1 })),
  op('crossEntropy', 'labelSmoothing sum', (x, t) => crossEntropy(x, t, { labelSmoothing: 0.25, reduction: 'sum' })),
  op('crossEntropy', 'labelSmoothing none ignore', (x, t) => crossEntropy(x, t, { labelSmoothing: 0.2, reduction: 'none' })),
  op('crossEntropy', 'labelSmoothing weight ignore', (x, t, weight) => crossEntropy(x, t, { weight, labelSmoothing: 0.3, ignoreIndex: 0 })),
  op('crossEntropy', 'probs', (x, p) => crossEntropy(x, p)),
  op('crossEntropy', 'probs sum', (x, p) => crossEntropy(x, p, { reduction: 'sum' })),
  op('crossEntropy', 'probs none', (x, p) => crossEntropy(x, p, { reduction: 'none' })),
  op('crossEntropy', 'probs weight', (x, p, weight) => crossEntropy(x, p, { weight })),
  op('crossEntropy', 'probs labelSmoothing', (x, p) => crossEntropy(x, p, { labelSmoothing: 0.2 })),
  op('crossEntropy', 'unbatched', (x, t) => crossEntropy(x, t)),
  op('crossEntropy', 'unbatched none', (x, t) => crossEntropy(x, t, { reduction: 'none' })),
  op('crossEntropy', 'NxCxd', (x, t) => crossEntropy(x, t)),
  op('crossEntropy', 'NxCxd none', (x, t) => crossEntropy(x, t, { reduction: 'none' })),
  op('crossEntropy', 'large logits', (x, t) => crossEntropy(x, t)),
  op('crossEntropy', 'gradgrad', (x, t) => crossEntropy(x, t)),
  throws('crossEntropy', 'rejects a batch size mismatch', (ctx) => crossEntropy(ctx.randn([4, 3]), tensor([0, 1], { dtype: 'int32', backend: ctx.backend })), /Expected input batch_size \(4\) to match target batch_size \(2\)/),
  throws('crossEntropy', 'rejects a weight of the wrong size', (ctx) => crossEntropy(ctx.randn([2, 3]), tensor([0, 1], { dtype: 'int32', backend: ctx.backend }), { weight: ctx.randn([4]) }), /weight tensor should be defined either for all 3 classes/),
  throws('crossEntropy', 'rejects labelSmoothing above 1', (ctx) => crossEntropy(ctx.randn([2, 3]), tensor([0, 1], { dtype: 'int32', backend: ctx.backend }), { labelSmoothing: 1.5 }), /label_smoothing must be between 0.0 and 1.0/),
  throws('crossEntropy', 'rejects an unknown reduction', (ctx) => crossEntropy(ctx.randn([2, 3]), tensor([0, 1], { dtype: 'int32', backend: ctx.backend }), { reduction: 'avg' as 'mean' }), /avg is not a valid value for reduction/),
  property('crossEntropy', 'rejects out-of-range class indices where the backend reads synchronously', (ctx) => {
    if (!getBackend().readSync) return
    const target = tensor([0, 3, -100], { dtype: 'int32', backend: ctx.backend })
    expect(() => crossEntropy(ctx.randn([3, 3]), target)).toThrow('nllLoss: target 3 is out of bounds (expected a class index in [0, 3) or ignoreIndex -100)')
  }),
]
