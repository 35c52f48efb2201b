import { sub } from '@othergrad/core'
import { op, throws, type ConformanceCase } from '../case'

export const subCases: ConformanceCase[] = [
  op('sub', '3x4+3x4', (a, b) => a.sub(b)),
  op('sub', '3x4+4', (a, b) => a.sub(b)),
  op('sub', '4+3x4', (a, b) => a.sub(b)),
  op('sub', '3x1+1x4', (a, b) => a.sub(b)),
  op('sub', '2x3x4+3x1', (a, b) => a.sub(b)),
  op('sub', '2x1x4+3x1', (a, b) => a.sub(b)),
  op('sub', '3x4+[]', (a, b) => a.sub(b)),
  op('sub', '[]+2x3', (a, b) => a.sub(b)),
  op('sub', '[]+[]', (a, b) => a.sub(b)),
  op('sub', '1x1+2x3', (a, b) => a.sub(b)),
  op('sub', '0x3+3', (a, b) => a.sub(b)),
  op('sub', 'x-2.5', (x) => x.sub(2.5)),
  op('sub', '2-x', (x) => sub(2, x)),
  op('sub', 'alpha', (a, b) => a.sub(b, 2)),
  op('sub', 'tiny-huge', (a, b) => a.sub(b)),
  op('sub', '2x3+3 gradgrad', (a, b) => a.sub(b)),
  op('sub', 'int32-int32', (a, b) => a.sub(b)),
  throws(
    'sub',
    "rejects two bool tensors with PyTorch's message",
    (ctx) =>
      ctx
        .randn([3])
        .gt(0)
        .sub(ctx.randn([3]).lt(0)),
    /Subtraction, the `-` operator, with two bool tensors is not supported\. Use the `\^` or `logical_xor\(\)` operator instead\./,
  ),
  throws(
    'sub',
    'rejects a bool tensor minus a JS bool',
    (ctx) => sub(ctx.randn([3]).gt(0), true),
    /Subtraction, the `-` operator, with two bool tensors is not supported\. Use the `\^` or `logical_xor\(\)` operator instead\./,
  ),
  throws(
    'sub',
    'rejects two bool tensors with an alpha',
    (ctx) =>
      ctx
        .randn([3])
        .gt(0)
        .sub(ctx.randn([3]).lt(0), 0),
    /Subtraction, the `-` operator, with two bool tensors is not supported\. Use the `\^` or `logical_xor\(\)` operator instead\./,
  ),
  throws(
    'sub',
    'rejects a float tensor minus a bool tensor',
    (ctx) => ctx.randn([3]).sub(ctx.randn([3]).gt(0)),
    /Subtraction, the `-` operator, with a bool tensor is not supported\. If you are trying to invert a mask, use the `~` or `logical_not\(\)` operator instead\./,
  ),
  throws(
    'sub',
    'rejects a bool tensor minus an int32 tensor',
    (ctx) =>
      ctx
        .randn([3])
        .gt(0)
        .sub(ctx.randn([3]).int()),
    /Subtraction, the `-` operator, with a bool tensor is not supported\. If you are trying to invert a mask, use the `~` or `logical_not\(\)` operator instead\./,
  ),
  throws(
    'sub',
    'rejects a JS number minus a bool tensor',
    (ctx) => sub(2, ctx.randn([3]).gt(0)),
    /Subtraction, the `-` operator, with a bool tensor is not supported\. If you are trying to invert a mask, use the `~` or `logical_not\(\)` operator instead\./,
  ),
  throws(
    'sub',
    'rejects a float tensor minus a JS bool',
    (ctx) => sub(ctx.randn([3]), true),
    /Subtraction, the `-` operator, with a bool tensor is not supported\. If you are trying to invert a mask, use the `~` or `logical_not\(\)` operator instead\./,
  ),
  throws(
    'sub',
    'rejects shapes that do not broadcast (2x3 and 2)',
    (ctx) => ctx.randn([2, 3]).sub(ctx.randn([2])),
    /2x3 and 2 cannot be broadcast/,
  ),
]
