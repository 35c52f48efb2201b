import { describe, expect, it } from 'vitest'
import { numel, ravel, unravel } from '../test/reference'
import { indexSelectImpl } from './indexSelect'

function run(x: number[], shape: number[], dim: number, index: number[]): number[] {
  const outShape = shape.slice()
  outShape[dim] = index.length
  const out = new Int32Array(numel(outShape))
  indexSelectImpl(Int32Array.from(x), shape, dim, Int32Array.from(index), out)
  return Array.from(out)
}

describe('indexSelectImpl', () => {
  const shape = [3, 4, 2]
  const x = Array.from({ length: 24 }, (_, i) => i)
  for (const dim of [0, 1, 2]) {
    it(`selects along dim ${dim} with repeats`, () => {
      const index = [1, 0, 1]
      const outShape = shape.slice()
      outShape[dim] = index.length
      const want = Array.from({ length: numel(outShape) }, (_, i) => {
        const idx = unravel(i, outShape)
        idx[dim] = index[idx[dim]]
        return x[ravel(idx, shape)]
      })
      expect(run(x, shape, dim, index)).toEqual(want)
    })
  }

  it('selects embedding rows', () => {
    expect(run([1, 2, 3, 4, 5, 6], [3, 2], 0, [2, 0])).toEqual([5, 6, 1, 2])
  })

  it('returns early for an empty index', () => {
    expect(run(x, shape, 1, [])).toEqual([])
  })
})
