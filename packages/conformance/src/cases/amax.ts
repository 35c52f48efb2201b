import { op, throws, type ConformanceCase } from '../case'

export const amaxCases: ConformanceCase[] = [
  op('amax', 'all', (x) => x.amax([0, 1])),
  op('amax', 'dim 1', (x) => x.amax(1)),
  op('amax', 'dim 0 keepdim', (x) => x.amax(0, true)),
  op('amax', 'dims [0,2]', (x) => x.amax([0, 2])),
  op('amax', 'dims [-1,-2] keepdim', (x) => x.amax([-1, -2], true)),
  op('amax', 'ties dim 1', (x) => x.amax(1)),
  op('amax', 'ties all', (x) => x.amax([0, 1])),
  op('amax', '[]', (x) => x.amax(0)),
  throws('amax', 'rejects an empty tensor', (ctx) => ctx.randn([0]).amax(), /expected reduction dim to be non-empty/),
]
