import { op, throws, type ConformanceCase } from '../case'

export const narrowCases: ConformanceCase[] = [
  op('narrow', 'dim 0', (x) => x.narrow(0, 1, 2)),
  op('narrow', 'dim 1', (x) => x.narrow(1, 0, 2)),
  op('narrow', 'dim -1', (x) => x.narrow(-1, 2, 3)),
  op('narrow', 'negative start', (x) => x.narrow(0, -2, 2)),
  op('narrow', 'full', (x) => x.narrow(1, 0, 3)),
  op('narrow', 'empty', (x) => x.narrow(1, 1, 0)),
  throws('narrow', 'rejects a range past the end', (ctx) => ctx.randn([4, 3]).narrow(0, 3, 2), /exceeds dimension size \(4\)/),
]
