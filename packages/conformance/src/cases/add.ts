import { add } from '@othergrad/core'
import { op, throws, type ConformanceCase } from '../case'

export const addCases: ConformanceCase[] = [
  op('add', '3x4+3x4', (a, b) => a.add(b)),
  op('add', '3x4+4', (a, b) => a.add(b)),
  op('add', '4+3x4', (a, b) => a.add(b)),
  op('add', '3x1+1x4', (a, b) => a.add(b)),
  op('add', '2x3x4+3x1', (a, b) => a.add(b)),
  op('add', '2x1x4+3x1', (a, b) => a.add(b)),
  op('add', '3x4+[]', (a, b) => a.add(b)),
  op('add', '[]+2x3', (a, b) => a.add(b)),
  op('add', '[]+[]', (a, b) => a.add(b)),
  op('add', '1x1+2x3', (a, b) => a.add(b)),
  op('add', '0x3+3', (a, b) => a.add(b)),
  op('add', 'x+2.5', (x) => x.add(2.5)),
  op('add', '2+x', (x) => add(2, x)),
  op('add', 'alpha', (a, b) => a.add(b, -1.5)),
  op('add', 'tiny-huge', (a, b) => a.add(b)),
  op('add', '2x3+3 gradgrad', (a, b) => a.add(b)),
  op('add', 'int32+int32', (a, b) => a.add(b)),
  op('add', 'int32+float', (a, b) => a.add(b)),
  op('add', 'int32+2.5', (i) => i.add(2.5)),
  throws('add', 'rejects shapes that do not broadcast (3x4 and 5)', (ctx) => ctx.randn([3, 4]).add(ctx.randn([5])), /3x4 and 5 cannot be broadcast/),
  throws('add', 'rejects a string operand', (ctx) => ctx.randn([2]).add('1' as unknown as number), /argument 'other' must be a Tensor or number, got string/),
]
