import { linear } from '@othergrad/core'
import { op, throws, type ConformanceCase } from '../case'

export const linearCases: ConformanceCase[] = [
  op('linear', '4x3,5x3,5', (x, w, b) => linear(x, w, b)),
  op('linear', 'no-bias', (x, w) => linear(x, w)),
  op('linear', '1-D input', (x, w, b) => linear(x, w, b)),
  op('linear', '2x3x4 input', (x, w, b) => linear(x, w, b)),
  op('linear', '1x1', (x, w, b) => linear(x, w, b)),
  op('linear', '16x32,10x32', (x, w, b) => linear(x, w, b)),
  op('linear', '0x3', (x, w, b) => linear(x, w, b)),
  op('linear', 'gradgrad', (x, w, b) => linear(x, w, b)),
  throws('linear', 'rejects in_features that do not match', (ctx) => linear(ctx.randn([4, 3]), ctx.randn([5, 2])), /mat1 and mat2 shapes cannot be multiplied \(4x3 and 2x5\)/),
  throws('linear', 'rejects a bias of the wrong size', (ctx) => linear(ctx.randn([4, 3]), ctx.randn([5, 3]), ctx.randn([4])), /bias must have shape \[5\]/),
]
