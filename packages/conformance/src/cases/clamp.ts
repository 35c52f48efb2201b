import { op, throws, type ConformanceCase } from '../case'

export const clampCases: ConformanceCase[] = [
  op('clamp', 'min', (x) => x.clamp(-0.5)),
  op('clamp', 'max', (x) => x.clamp(null, 0.5)),
  op('clamp', 'both', (x) => x.clamp(-0.5, 0.5)),
  op('clamp', 'at-bounds', (x) => x.clamp(-0.5, 0.5)),
  op('clamp', 'at-min', (x) => x.clamp(-0.5)),
  op('clamp', 'at-max', (x) => x.clamp(undefined, 0.5)),
  op('clamp', 'min>max', (x) => x.clamp(1, -1)),
  op('clamp', '[]', (x) => x.clamp(-0.5, 0.5)),
  op('clamp', '2x3x4', (x) => x.clamp(0, 1)),
  op('clamp', 'tiny-huge', (x) => x.clamp(-(2 ** 100), 2 ** -100)),
  throws('clamp', 'needs at least one bound', (ctx) => ctx.randn([3]).clamp(), /at least one of 'min' or 'max'/),
]
