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
  throws('cast', 'rejects an unknown dtype', (ctx) => ctx.randn([2]).cast('float16' as DType), /unknown dtype 'float16'/),
]
