import { op, throws, type ConformanceCase } from '../case'

export const sliceCases: ConformanceCase[] = [
  op('slice', '1:3', (x) => x.slice(0, 1, 3)),
  op('slice', 'dim 1 -2:', (x) => x.slice(1, -2)),
  op('slice', ':-1', (x) => x.slice(2, 0, -1)),
  op('slice', 'clamped', (x) => x.slice(0, -10, 10)),
  op('slice', 'empty', (x) => x.slice(0, 3, 1)),
  op('slice', 'dim 0 2:', (x) => x.slice(0, 2)),
  throws('slice', 'rejects a dim out of range', (ctx) => ctx.randn([4, 3]).slice(2, 0, 1), /dim 2 is out of range/),
]
