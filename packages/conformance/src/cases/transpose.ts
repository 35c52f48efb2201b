import { op, throws, type ConformanceCase } from '../case'

export const transposeCases: ConformanceCase[] = [
  op('transpose', 'T 3x4', (x) => x.T),
  op('transpose', 'T 5', (x) => x.T),
  op('transpose', 'T 2x3x4', (x) => x.T),
  op('transpose', 't 3x4', (x) => x.t()),
  op('transpose', 'mT 2x3x4', (x) => x.mT),
  op('transpose', '0,1 3x4', (x) => x.transpose(0, 1)),
  op('transpose', '0,2 2x3x4', (x) => x.transpose(0, 2)),
  op('transpose', '-1,1 2x3x4x5', (x) => x.transpose(-1, 1)),
  op('transpose', '1,1 2x3', (x) => x.transpose(1, 1)),
  op('transpose', '[]', (x) => x.T),
  throws('transpose', 'rejects a dim out of range', (ctx) => ctx.randn([2, 3]).transpose(0, 2), /dim 2 is out of range for a tensor with 2 dims/),
  throws('t', 'rejects a 3-D tensor', (ctx) => ctx.randn([2, 3, 4]).t(), /expects a tensor with <= 2 dimensions/),
]
