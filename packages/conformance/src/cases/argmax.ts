import { op, throws, type ConformanceCase } from '../case'

export const argmaxCases: ConformanceCase[] = [
  op('argmax', 'all 3x4', (x) => x.argmax()),
  op('argmax', 'dim 1', (x) => x.argmax(1)),
  op('argmax', 'dim 0 keepdim', (x) => x.argmax(0, true)),
  op('argmax', 'dim -1 of 3-D', (x) => x.argmax(-1)),
  op('argmax', 'ties', (x) => x.argmax(1)),
  op('argmax', 'all ties', (x) => x.argmax()),
  op('argmax', 'all []', (x) => x.argmax()),
  op('argmax', 'all keepdim', (x) => x.argmax(undefined, true)),
  throws('argmax', 'rejects an empty tensor', (ctx) => ctx.randn([0]).argmax(), /expected a non-empty tensor/),
]
