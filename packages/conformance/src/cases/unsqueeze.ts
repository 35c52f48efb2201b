import { op, throws, type ConformanceCase } from '../case'

export const unsqueezeCases: ConformanceCase[] = [
  op('unsqueeze', '3x4 0', (x) => x.unsqueeze(0)),
  op('unsqueeze', '3x4 1', (x) => x.unsqueeze(1)),
  op('unsqueeze', '3x4 -1', (x) => x.unsqueeze(-1)),
  op('unsqueeze', '3x4 2', (x) => x.unsqueeze(2)),
  op('unsqueeze', '3x4 -3', (x) => x.unsqueeze(-3)),
  op('unsqueeze', '[] 0', (x) => x.unsqueeze(0)),
  throws('unsqueeze', 'rejects a dim out of range', (ctx) => ctx.randn([3, 4]).unsqueeze(3), /dim 3 is out of range/),
]
