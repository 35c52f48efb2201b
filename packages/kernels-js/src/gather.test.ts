import { describe, expect, it } from 'vitest'
import { numel, ravel, unravel } from '../test/reference'
import { gatherImpl } from './gather'

function naiveGather(
  x: number[],
  xShape: number[],
  dim: number,
  index: number[],
  indexShape: number[],
) {
  return index.map((v, p) => {
    const idx = unravel(p, indexShape)
    idx[dim] = v
    return x[ravel(idx, xShape)]
  })
}

function run(x: number[], xShape: number[], dim: number, index: number[], indexShape: number[]) {
  const out = new Float64Array(numel(indexShape))
  gatherImpl(Float64Array.from(x), xShape, dim, Int32Array.from(index), indexShape, out)
  return Array.from(out)
}

describe('gatherImpl', () => {
  it('follows the torch.gather docs example', () => {
    // torch.gather(torch.tensor([[1, 2], [3, 4]]), 1, torch.tensor([[0, 0], [1, 0]]))
    expect(run([1, 2, 3, 4], [2, 2], 1, [0, 0, 1, 0], [2, 2])).toEqual([1, 1, 4, 3])
  })

  const xShape = [3, 4, 5]
  const x = Array.from({ length: 60 }, (_, i) => i * 1.5)
  for (const dim of [0, 1, 2]) {
    it(`gathers along dim ${dim} with an index smaller than x`, () => {
      const indexShape = [2, 3, 4]
      const index = Array.from({ length: numel(indexShape) }, (_, i) => (i * 7) % xShape[dim])
      expect(run(x, xShape, dim, index, indexShape)).toEqual(
        naiveGather(x, xShape, dim, index, indexShape),
      )
    })
  }

  it('gathers a 1-D index and a 0-d tensor', () => {
    expect(run([5, 6, 7], [3], 0, [2, 2, 0, 1], [4])).toEqual([7, 7, 5, 6])
    expect(run([9], [], 0, [0], [])).toEqual([9])
  })

  it('returns early for an empty index', () => {
    expect(run([1, 2], [2], 0, [], [0])).toEqual([])
  })
})
