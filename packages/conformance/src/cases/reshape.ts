import { op, throws, type ConformanceCase } from '../case'

export const reshapeCases: ConformanceCase[] = [
  op('reshape', '3x4->12', (x) => x.reshape(12)),
  op('reshape', '3x4->-1,6', (x) => x.reshape(-1, 6)),
  op('reshape', '2x3x4->4,-1', (x) => x.reshape([4, -1])),
  op('reshape', '[]->1x1', (x) => x.reshape(1, 1)),
  op('reshape', '1->[]', (x) => x.reshape([])),
  op('reshape', 'view 6->2,3', (x) => x.view(2, 3)),
  op('reshape', 'view 2x6->3,-1,2', (x) => x.view(3, -1, 2)),
  op('reshape', '0x3->3,0', (x) => x.reshape(3, 0)),
  throws('reshape', 'rejects a shape with the wrong number of elements', (ctx) => ctx.randn([3, 4]).reshape(5, 3), /shape '\[5, 3\]' is invalid for input of size 12/),
  throws('reshape', 'rejects two -1 dims', (ctx) => ctx.randn([3, 4]).reshape(-1, -1), /only one dimension can be inferred/),
  throws('view', 'rejects two -1 dims', (ctx) => ctx.randn([3, 4]).view(-1, -1), /only one dimension can be inferred/),
  throws('view', 'rejects a shape the strides cannot express', (ctx) => ctx.randn([3, 4]).T.view(12), /view size is not compatible with input tensor's size and stride/),
  throws('reshape', 'rejects a -1 that cannot divide', (ctx) => ctx.randn([3, 4]).reshape(5, -1), /is invalid for input of size 12/),
]
