import { tensor } from '@othergrad/core'
import { op, throws, type ConformanceCase } from '../case'

export const indexSelectCases: ConformanceCase[] = [
  op('indexSelect', 'dim 0', (x, i) => x.indexSelect(0, i)),
  op('indexSelect', 'dim 1', (x, i) => x.indexSelect(1, i)),
  op('indexSelect', 'repeated', (x, i) => x.indexSelect(0, i)),
  op('indexSelect', 'dim -1 of 3-D', (x, i) => x.indexSelect(-1, i)),
  op('indexSelect', '0-d index', (x, i) => x.indexSelect(0, i)),
  op('indexSelect', 'empty index', (x, i) => x.indexSelect(0, i)),
  op('indexSelect', '1-D', (x, i) => x.indexSelect(0, i)),
  throws('indexSelect', 'rejects a 2-D index', (ctx) => ctx.randn([4, 2]).indexSelect(0, tensor([[0, 1]], { dtype: 'int32', backend: ctx.backend })), /index must be 0-D or 1-D/),
]
