import { op, throws, type ConformanceCase } from '../case'

export const argminCases: ConformanceCase[] = [
  op('argmin', 'all 3x4', (x) => x.argmin()),
  op('argmin', 'dim 1', (x) => x.argmin(1)),
  op('argmin', 'dim 0 keepdim', (x) => x.argmin(0, true)),
  op('argmin', 'dim -1 of 3-D', (x) => x.argmin(-1)),
  op('argmin', 'ties', (x) => x.argmin(1)),
  op('argmin', 'all ties', (x) => x.argmin()),
  op('argmin', 'all []', (x) => x.argmin()),
  op('argmin', 'all keepdim', (x) => x.argmin(undefined, true)),
  throws('argmin', 'rejects an empty tensor', (ctx) => ctx.randn([0]).argmin(), /expected a non-empty tensor/),
]
