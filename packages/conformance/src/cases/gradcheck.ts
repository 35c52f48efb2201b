import { cat, crossEntropy, gradcheck, gradgradcheck, manualSeed, scatterAdd, stack, tensor, where, type Tensor } from '@othergrad/core'
import { property, type CaseContext, type ConformanceCase } from '../case'

/**
 * Central finite differences in float64 against the analytic gradients, on random composites
 * that mix many ops, so the rules are checked in combination as well as one by one.
 */
function check(name: string, shapes: number[][], fn: (...xs: Tensor[]) => Tensor, second = false): ConformanceCase {
  return property('gradcheck', name, (ctx) => {
    manualSeed(1000 + name.length)
    const inputs = shapes.map((s) => ctx.randn(s, { requiresGrad: true }))
    ;(second ? gradgradcheck : gradcheck)(fn, inputs)
  }, { dtypes: ['float64'] })
}

function indices(ctx: CaseContext, values: number[], shape: number[]): Tensor {
  return tensor(values, { dtype: 'int32', backend: ctx.backend, shape })
}

export const gradcheckCases: ConformanceCase[] = [
  check('elementwise chain', [[2, 3], [3]], (a, b) => a.mul(b).sin().add(a.exp().div(b.abs().add(1))).sub(b.tanh().mul(a.sigmoid()))),
  check('pow, sqrt and log on positive values', [[2, 3], [2, 3]], (a, b) => a.square().add(1).pow(b.mul(0.3)).add(a.abs().add(0.5).sqrt().log())),
  check('broadcast matmul', [[2, 1, 2, 3], [2, 3, 2]], (a, b) => a.matmul(b).tanh()),
  check('softmax and logSoftmax', [[3, 4]], (x) => x.softmax(1).mul(x.logSoftmax(0))),
  check('reductions', [[3, 4]], (x) => x.amax(1).add(x.mean(0).sum()).mul(x.sum([0, 1])).add(x.max(0).values.sum())),
  check('movement', [[2, 3, 4]], (x) => x.permute(2, 0, 1).reshape(4, 6).narrow(1, 1, 4).T.expand(2, 4, 4).flatten(1).mul(x.sum())),
  check('cat, stack and select', [[2, 3], [1, 3]], (a, b) => cat([a, b], 0).mul(stack([a.select(0, 1), b.squeeze(0)]).sum(0))),
  check('where, clamp, maximum', [[3, 4], [4]], (a, b) => where(a.gt(b), a.clamp(-0.3, 0.8), b.maximum(a.mul(0.5))).mul(a)),
  check('linear layer', [[4, 3], [2, 3], [2]], (x, w, b) => x.matmul(w.T).add(b).relu().add(x.sum(1, true))),
  check('layer norm', [[2, 5]], (x) => {
    const c = x.sub(x.mean(-1, true))
    return c.div(c.pow(2).mean(-1, true).add(1e-5).sqrt())
  }),
  property('gradcheck', 'crossEntropy with weight and labelSmoothing', (ctx) => {
    manualSeed(11)
    const x = ctx.randn([4, 3], { requiresGrad: true })
    const target = indices(ctx, [0, 2, 1, 2], [4])
    gradcheck((logits) => crossEntropy(logits, target, { weight: ctx.tensor([0.5, 1, 2]), labelSmoothing: 0.2 }), [x])
  }, { dtypes: ['float64'] }),
  property('gradcheck', 'gather, indexSelect and scatterAdd', (ctx) => {
    manualSeed(12)
    const x = ctx.randn([3, 4], { requiresGrad: true })
    const src = ctx.randn([2, 4], { requiresGrad: true })
    const scatterIndex = indices(ctx, [2, 0, 1, 2, 0, 0, 1, 2], [2, 4])
    const gatherIndex = indices(ctx, [3, 0, 1, 1, 2, 3], [3, 2])
    const columns = indices(ctx, [3, 1], [2])
    gradcheck((a, s) => scatterAdd(a, 0, scatterIndex, s).gather(1, gatherIndex).mul(a.indexSelect(1, columns)), [x, src])
  }, { dtypes: ['float64'] }),
  check('second derivatives of a tanh-softmax composite', [[2, 3]], (x) => x.tanh().mul(x).softmax(1), true),
  check('second derivatives of matmul and exp', [[2, 3], [3, 2]], (a, b) => a.matmul(b).exp(), true),
]
