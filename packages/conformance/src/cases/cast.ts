import { expect } from 'vitest'
import { tensor } from '@othergrad/core'
import { property, raisesOnRead, op, throws, type ConformanceCase } from '../case'
import type { DType } from '@othergrad/core'

export const castCases: ConformanceCase[] = [
  op('cast', 'int32', (x) => x.int()),
  op('cast', 'bool', (x) => x.bool()),
  op('cast', 'int32 edges', (x) => x.int()),
  op('cast', 'int-to-float', (i) => i.float()),
  op('cast', 'bool-to-float', (b) => b.cast('float32')),
  op('cast', 'bool-to-int', (b) => b.int()),
  op('cast', 'int-to-bool', (i) => i.bool()),
  op('cast', 'float64', (x) => x.double().mul(2), { requires: ['float64'] }),
  op('cast', 'float32', (x) => x.float().mul(2)),
  op('cast', 'uint8-to-float', (u) => u.float()),
  op('cast', 'float-to-uint8', (x) => x.cast('uint8')),
  op('cast', 'float-to-int8', (x) => x.cast('int8')),
  op('cast', 'float-to-int16', (x) => x.cast('int16')),
  op('cast', 'int32-to-uint8', (i) => i.cast('uint8')),
  op('cast', 'int32-to-int8', (i) => i.cast('int8')),
  op('cast', 'uint8-to-int8', (u) => u.cast('int8')),
  op('cast', 'int8-to-uint8', (i) => i.cast('uint8')),
  op('cast', 'int16-to-int32', (i) => i.int()),
  op('cast', 'uint8-to-bool', (u) => u.bool()),
  throws('cast', 'rejects an unknown dtype', (ctx) => ctx.randn([2]).cast('float16' as DType), /unknown dtype 'float16'/),
  raisesOnRead('cast', 'raises on NaN to int32 (int64) where PyTorch gives garbage', (ctx) => tensor([1, NaN], { backend: ctx.backend }).long(), /^cast: (cannot convert NaN to int32|a value \(NaN, ±Infinity or outside \[-2147483648, 2147483647\]\) cannot be converted to int32; othergrad's int64 is int32 and never wraps)/),
  raisesOnRead('cast', 'raises on a float outside int32 (int64) instead of wrapping', (ctx) => tensor([3e9], { backend: ctx.backend }).cast('int64'), /^cast: (value 3000000000 is out of range for int32 \(expected \[-2147483648, 2147483647\]; othergrad's int64 is int32 and never wraps\)|a value \(NaN, ±Infinity or outside \[-2147483648, 2147483647\]\) cannot be converted to int32)/),
  raisesOnRead('cast', 'raises on -Infinity to int32', (ctx) => tensor([-Infinity], { backend: ctx.backend }).int(), /^cast: (value -Infinity is out of range for int32|a value \(NaN, ±Infinity)/),
  raisesOnRead('cast', 'raises on a float outside uint8', (ctx) => tensor([2, 300.5], { backend: ctx.backend }).cast('uint8'), /^cast: (value 300.5 is out of range for uint8 \(expected \[0, 255\]; othergrad's integers never wrap\)|a value \(NaN, ±Infinity or outside \[0, 255\]\) cannot be converted to uint8)/),
  raisesOnRead('cast', 'raises on int32 to uint8 outside uint8 where PyTorch wraps', (ctx) => tensor([255, -1], { dtype: 'int64', backend: ctx.backend }).cast('uint8'), "cast: value -1 is out of range for uint8 (expected [0, 255]; othergrad's integers never wrap)"),
  raisesOnRead('cast', 'raises on uint8 200 to int8', (ctx) => tensor(new Uint8Array([200]), { backend: ctx.backend }).cast('int8'), 'cast: value 200 is out of range for int8 (expected [-128, 127]'),
  raisesOnRead('cast', 'raises on int8 -1 to uint8', (ctx) => tensor(new Int8Array([-1]), { backend: ctx.backend }).cast('uint8'), 'cast: value -1 is out of range for uint8'),
  property('cast', 'casts float32 to int32 at the edges of int32', async (ctx) => expect(await tensor([-(2 ** 31), 2147483520, -0.9, 2.9], { backend: ctx.backend }).int().toArray()).toEqual([-(2 ** 31), 2147483520, 0, 2])),
]
