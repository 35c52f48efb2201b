import { op, throws, type ConformanceCase } from '../case'

export const squeezeCases: ConformanceCase[] = [
  op('squeeze', 'all 1x3x1x4', (x) => x.squeeze()),
  op('squeeze', 'dim 1x3x1x4 2', (x) => x.squeeze(2)),
  op('squeeze', 'dim -4', (x) => x.squeeze(-4)),
  op('squeeze', 'not-size-1', (x) => x.squeeze(1)),
  op('squeeze', '1x1', (x) => x.squeeze()),
  op('squeeze', '[]', (x) => x.squeeze()),
  throws('squeeze', 'rejects a dim out of range', (ctx) => ctx.randn([1, 3]).squeeze(2), /dim 2 is out of range/),
]
