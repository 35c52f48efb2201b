import { getBackend, tensor } from '@othergrad/core'
import { op, property, throws, type ConformanceCase } from '../case'
import { expect } from 'vitest'

export const gatherCases: ConformanceCase[] = [
  op('gather', 'dim 1', (x, i) => x.gather(1, i)),
  op('gather', 'dim 0', (x, i) => x.gather(0, i)),
  op('gather', 'dim -1', (x, i) => x.gather(-1, i)),
  op('gather', 'smaller index', (x, i) => x.gather(1, i)),
  op('gather', 'repeated', (x, i) => x.gather(1, i)),
  op('gather', '1-D', (x, i) => x.gather(0, i)),
  op('gather', 'dim 1 of 3-D', (x, i) => x.gather(1, i)),
  throws('gather', 'rejects a float index', (ctx) => ctx.randn([2, 3]).gather(1, ctx.tensor([[0], [1]])), /expected index to be an int32 tensor/),
  throws('gather', 'rejects an index of another rank', (ctx) => ctx.randn([2, 3]).gather(1, tensor([0, 1], { dtype: 'int32', backend: ctx.backend })), /same number of dimensions/),
  // Range checks need a synchronous read; GPU backends skip them rather than stall the queue.
  property('gather', 'rejects out-of-range indices where the backend reads synchronously', (ctx) => {
    if (!getBackend().readSync) return
    expect(() => ctx.randn([2, 3]).gather(1, tensor([[0], [3]], { dtype: 'int32', backend: ctx.backend }))).toThrow('gather: index 3 is out of bounds for dimension 1 with size 3')
  }),
]
