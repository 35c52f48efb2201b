import { op, throws, type ConformanceCase } from '../case'

export const flattenCases: ConformanceCase[] = [
  op('flatten', '2x3x4', (x) => x.flatten()),
  op('flatten', '2x3x4 1', (x) => x.flatten(1)),
  op('flatten', '2x3x4x5 1,2', (x) => x.flatten(1, 2)),
  op('flatten', '2x3x4 0,-2', (x) => x.flatten(0, -2)),
  op('flatten', '[]', (x) => x.flatten()),
  op('flatten', '5', (x) => x.flatten()),
  throws('flatten', 'rejects start_dim after end_dim', (ctx) => ctx.randn([2, 3, 4]).flatten(2, 1), /cannot come after end_dim/),
]
