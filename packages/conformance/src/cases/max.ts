import { op, throws, type ConformanceCase } from '../case'

export const maxCases: ConformanceCase[] = [
  op('max', 'all 3x4', (x) => x.max()),
  op('max', 'all ties', (x) => x.max()),
  op('max', 'all []', (x) => x.max()),
  op('max', 'all 7', (x) => x.max()),
  op('max', 'all tiny-huge', (x) => x.max()),
  op('max', 'dim 1', (x) => x.max(1)),
  op('max', 'dim 0 keepdim', (x) => x.max(0, true)),
  op('max', 'dim -1 of 3-D', (x) => x.max(-1)),
  op('max', 'dim 1 of 3-D keepdim', (x) => x.max(1, true)),
  op('max', 'dim ties', (x) => x.max(1)),
  op('max', 'dim 0 of 1-D', (x) => x.max(0)),
  op('max', 'dim 0 of []', (x) => x.max(0)),
  throws('max', 'rejects an empty tensor', (ctx) => ctx.randn([0, 3]).max(0), /expected reduction dim to be non-empty/),
  throws('max', 'rejects a dim out of range', (ctx) => ctx.randn([2, 3]).max(2), /dim 2 is out of range/),
]
