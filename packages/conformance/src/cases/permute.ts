import { op, throws, type ConformanceCase } from '../case'

export const permuteCases: ConformanceCase[] = [
  op('permute', '1,0 3x4', (x) => x.permute(1, 0)),
  op('permute', '2,0,1 2x3x4', (x) => x.permute(2, 0, 1)),
  op('permute', '1,2,0 2x3x4', (x) => x.permute(1, 2, 0)),
  op('permute', '-1,0,-2 2x3x4', (x) => x.permute(-1, 0, -2)),
  op('permute', 'identity 2x3', (x) => x.permute([0, 1])),
  op('permute', '0,3,1,2 2x3x4x5', (x) => x.permute(0, 3, 1, 2)),
  op('permute', '1x1x3', (x) => x.permute(2, 0, 1)),
  throws('permute', 'rejects the wrong number of dims', (ctx) => ctx.randn([2, 3]).permute(1, 0, 2), /number of dims don't match/),
  throws('permute', 'rejects a repeated dim', (ctx) => ctx.randn([2, 3]).permute(1, 1), /repeated dim/),
]
