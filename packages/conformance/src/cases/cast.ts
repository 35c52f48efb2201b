import { op, throws, type ConformanceCase } from '../case'
import type { DType } from '@othergrad/core'

export const castCases: ConformanceCase[] = [
  op('cast', 'int32', (x) => x.int()),
  op('cast', 'bool', (x) => x.bool()),
  op('cast', 'int32 nan-inf-out-of-range', (x) => x.int()),
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
  op('cast', 'int32-to-uint8 wraps', (i) => i.cast('uint8')),
  op('cast', 'int32-to-int8 wraps', (i) => i.cast('int8')),
  op('cast', 'uint8-to-int8 wraps', (u) => u.cast('int8')),
  op('cast', 'int8-to-uint8 wraps', (i) => i.cast('uint8')),
  op('cast', 'int16-to-int32', (i) => i.int()),
  op('cast', 'uint8-to-bool', (u) => u.bool()),
  throws('cast', 'rejects an unknown dtype', (ctx) => ctx.randn([2]).cast('float16' as DType), /unknown dtype 'float16'/),
]
