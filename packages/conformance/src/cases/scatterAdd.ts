import { scatterAdd, tensor } from '@othergrad/core'
import { op, throws, type ConformanceCase } from '../case'

export const scatterAddCases: ConformanceCase[] = [
  op('scatterAdd', 'dim 0', (b, i, s) => scatterAdd(b, 0, i, s)),
  op('scatterAdd', 'dim 1', (b, i, s) => scatterAdd(b, 1, i, s)),
  op('scatterAdd', 'repeated', (b, i, s) => scatterAdd(b, 1, i, s)),
  op('scatterAdd', 'index smaller than src', (b, i, s) => scatterAdd(b, 0, i, s)),
  op('scatterAdd', 'index smaller than src, src grad', (b, i, s) => scatterAdd(b, 0, i, s)),
  op('scatterAdd', 'index smaller than src, dim 1', (b, i, s) => scatterAdd(b, 1, i, s)),
  op('scatterAdd', '1-D', (b, i, s) => scatterAdd(b, 0, i, s)),
  op('scatterAdd', 'dim -1 of 3-D', (b, i, s) => scatterAdd(b, -1, i, s)),
  throws('scatterAdd', 'rejects an index larger than src', (ctx) => scatterAdd(ctx.randn([3, 4]), 0, tensor([[0, 1, 2]], { dtype: 'int32', backend: ctx.backend }), ctx.randn([1, 2])), /must not be larger than src/),
]
