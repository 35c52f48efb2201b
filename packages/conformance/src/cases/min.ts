import { op, throws, type ConformanceCase } from '../case'

export const minCases: ConformanceCase[] = [
  op('min', 'all 3x4', (x) => x.min()),
  op('min', 'all ties', (x) => x.min()),
  op('min', 'all []', (x) => x.min()),
  op('min', 'all 7', (x) => x.min()),
  op('min', 'all tiny-huge', (x) => x.min()),
  op('min', 'dim 1', (x) => x.min(1)),
  op('min', 'dim 0 keepdim', (x) => x.min(0, true)),
  op('min', 'dim -1 of 3-D', (x) => x.min(-1)),
  op('min', 'dim 1 of 3-D keepdim', (x) => x.min(1, true)),
  op('min', 'dim ties', (x) => x.min(1)),
  op('min', 'dim 0 of 1-D', (x) => x.min(0)),
  op('min', 'dim 0 of []', (x) => x.min(0)),
  throws('min', 'rejects an empty tensor', (ctx) => ctx.randn([0, 3]).min(0), /expected reduction dim to be non-empty/),
  throws('min', 'rejects a dim out of range', (ctx) => ctx.randn([2, 3]).min(2), /dim 2 is out of range/),
]
