import { pow, tensor } from '@othergrad/core'
import { op, throws, type ConformanceCase } from '../case'

export const powCases: ConformanceCase[] = [
  op('pow', 'pos^3x4', (a, b) => a.pow(b)),
  op('pow', 'pos^4', (a, b) => a.pow(b)),
  op('pow', 'pos3x1^1x4', (a, b) => a.pow(b)),
  op('pow', 'pos^[]', (a, b) => a.pow(b)),
  op('pow', '[]^2x3', (a, b) => a.pow(b)),
  op('pow', 'zero-base', (a, b) => a.pow(b)),
  op('pow', 'x^2', (x) => x.pow(2)),
  op('pow', 'x^3', (x) => x.pow(3)),
  op('pow', 'x^0.5', (x) => x.pow(0.5)),
  op('pow', 'x^-1', (x) => x.pow(-1)),
  op('pow', 'x^-2.5', (x) => x.pow(-2.5)),
  op('pow', 'x^0', (x) => x.pow(0)),
  op('pow', 'x^1', (x) => x.pow(1)),
  op('pow', '2^x', (x) => pow(2, x)),
  op('pow', '0.5^x', (x) => pow(0.5, x)),
  op('pow', 'huge^0.5', (x) => x.pow(0.5)),
  op('pow', 'int-exponent-negative-base', (a, b) => a.pow(b)),
  op('pow', 'pos^2x3 gradgrad', (a, b) => a.pow(b)),
  op('pow', 'x^3 gradgrad', (x) => x.pow(3)),
  op('pow', 'int32^2', (i) => i.pow(2)),
  op('pow', 'bool^2', (b) => b.pow(2)),
  throws('pow', 'rejects two bools', (ctx) => ctx.randn([3]).gt(0).pow(ctx.randn([3]).gt(0)), /"pow" not implemented for 'Bool'/),
  throws('pow', 'rejects a bool tensor to a JS bool power', (ctx) => pow(ctx.randn([3]).gt(0), true), /"pow" not implemented for 'Bool'/),
  throws('pow', 'rejects an int32 tensor to a negative integer power', (ctx) => tensor([2, 3], { dtype: 'int32', backend: ctx.backend }).pow(-1), /integers to negative integer powers are not allowed/),
]
