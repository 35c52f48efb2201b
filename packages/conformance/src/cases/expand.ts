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
  op('expand', 'uint8', (u) => u.reshape(3, 1).expand(3, 2)),
  throws('expand', 'rejects a non-singleton dim that differs', (ctx) => ctx.randn([3, 2]).expand(3, 4), /must match the existing size \(2\) at non-singleton dimension 1/),
  throws('expand', 'rejects a negative size in a new leading dim', (ctx) => ctx.randn([3]).expand(-2, 3), /sizes must be non-negative integers, or -1 to keep a dim, got \[-2, 3\]/),
  throws('expand', 'rejects a fractional size', (ctx) => ctx.randn([1]).expand(2.5), /sizes must be non-negative integers, or -1 to keep a dim, got \[2.5\]/),
  throws('expand', 'rejects a result with more elements than a tensor can hold', (ctx) => ctx.randn([1, 1]).expand(1e5, 1e5), /shape \[100000, 100000\] has 10000000000 elements, more than the 2147483647 one tensor can hold/),
  throws('expand', 'rejects fewer sizes than dims', (ctx) => ctx.randn([2, 3]).expand(3), /must be greater or equal to the number of dimensions/),
]
