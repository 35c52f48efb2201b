import { nllLoss, tensor } from '@othergrad/core'
import { op, throws, type ConformanceCase } from '../case'

export const nllLossCases: ConformanceCase[] = [
  op('nllLoss', 'mean', (x, t) => nllLoss(x, t)),
  op('nllLoss', 'sum', (x, t) => nllLoss(x, t, { reduction: 'sum' })),
  op('nllLoss', 'none', (x, t) => nllLoss(x, t, { reduction: 'none' })),
  op('nllLoss', 'weight', (x, t, weight) => nllLoss(x, t, { weight })),
  op('nllLoss', 'weight none', (x, t, weight) => nllLoss(x, t, { weight, reduction: 'none' })),
  op('nllLoss', 'ignoreIndex', (x, t) => nllLoss(x, t)),
  op('nllLoss', 'ignoreIndex=0 weight sum', (x, t, weight) => nllLoss(x, t, { weight, ignoreIndex: 0, reduction: 'sum' })),
  op('nllLoss', 'unbatched', (x, t) => nllLoss(x, t)),
  op('nllLoss', 'NxCxd', (x, t) => nllLoss(x, t)),
  throws('nllLoss', 'rejects float targets', (ctx) => nllLoss(ctx.randn([2, 3]), ctx.tensor([0, 1])), /expected target to be class indices \(int32\)/),
  throws('nllLoss', 'rejects a target of the wrong shape', (ctx) => nllLoss(ctx.randn([2, 3, 4]), tensor([[0, 1, 2], [2, 1, 0]], { dtype: 'int32', backend: ctx.backend })), /expected target of shape 2x4 for input of shape 2x3x4, got 2x3/),
]
