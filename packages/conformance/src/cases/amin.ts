import { op, throws, type ConformanceCase } from '../case'

export const aminCases: ConformanceCase[] = [
  op('amin', 'all', (x) => x.amin([0, 1])),
  op('amin', 'dim 1', (x) => x.amin(1)),
  op('amin', 'dim 0 keepdim', (x) => x.amin(0, true)),
  op('amin', 'dims [0,2]', (x) => x.amin([0, 2])),
  op('amin', 'dims [-1,-2] keepdim', (x) => x.amin([-1, -2], true)),
  op('amin', 'ties dim 1', (x) => x.amin(1)),
  op('amin', 'ties all', (x) => x.amin([0, 1])),
  op('amin', '[]', (x) => x.amin(0)),
  throws('amin', 'rejects an empty tensor', (ctx) => ctx.randn([0]).amin(), /expected reduction dim to be non-empty/),
]
