import { op, throws, type ConformanceCase } from '../case'

export const selectCases: ConformanceCase[] = [
  op('select', 'dim 0', (x) => x.select(0, 1)),
  op('select', 'dim 1', (x) => x.select(1, 3)),
  op('select', 'negative index', (x) => x.select(1, -1)),
  op('select', 'dim -1', (x) => x.select(-1, 0)),
  op('select', '1-D', (x) => x.select(0, 2)),
  throws('select', 'rejects an index out of range', (ctx) => ctx.randn([3, 4]).select(1, 4), /index 4 out of range/),
]
