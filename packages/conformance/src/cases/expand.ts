import { op, throws, type ConformanceCase } from '../case'

export const expandCases: ConformanceCase[] = [
  op('expand', '3x1->3x4', (x) => x.expand(3, 4)),
  op('expand', '4->2x3x4', (x) => x.expand(2, 3, 4)),
  op('expand', '1x4->2,3,-1', (x) => x.expand(2, 3, -1)),
  op('expand', '3x1 -1', (x) => x.expand(-1, 5)),
  op('expand', '[]->2x3', (x) => x.expand([2, 3])),
  op('expand', 'same', (x) => x.expand(2, 3)),
  op('expand', '2x1x3->2x4x3', (x) => x.expand(2, 4, 3)),
  op('expand', 'expandAs', (x, y) => x.expandAs(y).mul(y)),
  throws('expand', 'rejects a non-singleton dim that differs', (ctx) => ctx.randn([3, 2]).expand(3, 4), /must match the existing size \(2\) at non-singleton dimension 1/),
  throws('expand', 'rejects fewer sizes than dims', (ctx) => ctx.randn([2, 3]).expand(3), /must be greater or equal to the number of dimensions/),
]
