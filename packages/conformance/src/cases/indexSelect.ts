import { getBackend, tensor } from '@othergrad/core'
import { op, property, throws, type ConformanceCase } from '../case'
import { expect } from 'vitest'

export const indexSelectCases: ConformanceCase[] = [
  op('indexSelect', 'dim 0', (x, i) => x.indexSelect(0, i)),
  op('indexSelect', 'dim 1', (x, i) => x.indexSelect(1, i)),
  op('indexSelect', 'repeated', (x, i) => x.indexSelect(0, i)),
  op('indexSelect', 'dim -1 of 3-D', (x, i) => x.indexSelect(-1, i)),
  op('indexSelect', '0-d index', (x, i) => x.indexSelect(0, i)),
  op('indexSelect', 'empty index', (x, i) => x.indexSelect(0, i)),
  op('indexSelect', '1-D', (x, i) => x.indexSelect(0, i)),
  throws('indexSelect', 'rejects a 2-D index', (ctx) => ctx.randn([4, 2]).indexSelect(0, tensor([[0, 1]], { dtype: 'int32', backend: ctx.backend })), /index must be 0-D or 1-D/),
  property('indexSelect', 'rejects out-of-range indices where the backend reads synchronously', (ctx) => {
    if (!getBackend().readSync) return
    expect(() => ctx.randn([4, 2]).indexSelect(0, tensor([1, -1], { dtype: 'int32', backend: ctx.backend }))).toThrow('indexSelect: index -1 is out of bounds for dimension 0 with size 4')
  }),
]
