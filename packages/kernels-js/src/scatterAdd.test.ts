import { describe, expect, it } from 'vitest'
import { numel, ravel, unravel } from '../test/reference'
import { gatherImpl } from './gather'
import { scatterAddImpl } from './scatterAdd'

function run(
  shape: number[],
  dim: number,
  index: number[],
  indexShape: number[],
  src: number[],
  srcShape: number[],
): number[] {
  const out = new Float64Array(numel(shape)).fill(NaN)
  scatterAddImpl(
    shape,
    dim,
    Int32Array.from(index),
    indexShape,
    Float64Array.from(src),
    srcShape,
    out,
  )
  return Array.from(out)
}

describe('scatterAddImpl', () => {
  it('accumulates repeated indices', () => {
    expect(run([3], 0, [0, 2, 0, 0], [4], [1, 2, 3, 4], [4])).toEqual([8, 0, 2])
  })

  it('reads only the part of src that index covers', () => {
    // index [2, 1] into a [2, 3] src along dim 1: column 0 of src only.
    expect(run([2, 2], 1, [1, 1], [2, 1], [1, 2, 3, 4, 5, 6], [2, 3])).toEqual([0, 1, 0, 4])
  })

  for (const dim of [0, 1, 2]) {
    it(`is the adjoint of gather along dim ${dim}`, () => {
      // <gather(x, idx), g> == <x, scatterAdd(g, idx)> for every x and g.
      const xShape = [3, 4, 2]
      const indexShape = [2, 3, 2]
      const index = Array.from({ length: numel(indexShape) }, (_, i) => (i * 5 + 1) % xShape[dim])
      const x = Array.from({ length: numel(xShape) }, (_, i) => Math.sin(i + 1))
      const g = Array.from({ length: numel(indexShape) }, (_, i) => Math.cos(i + 1))
      const gathered = new Float64Array(numel(indexShape))
      gatherImpl(Float64Array.from(x), xShape, dim, Int32Array.from(index), indexShape, gathered)
      const scattered = run(xShape, dim, index, indexShape, g, indexShape)
      const lhs = gathered.reduce((s, v, i) => s + v * g[i], 0)
      const rhs = scattered.reduce((s, v, i) => s + v * x[i], 0)
      expect(lhs).toBeCloseTo(rhs, 12)
      // And the explicit definition, element by element.
      const want = new Array<number>(numel(xShape)).fill(0)
      index.forEach((v, p) => {
        const idx = unravel(p, indexShape)
        idx[dim] = v
        want[ravel(idx, xShape)] += g[p]
      })
      expect(scattered).toEqual(want)
    })
  }

  it('gives zeros for an empty index', () => {
    expect(run([2], 0, [], [0], [], [0])).toEqual([0, 0])
  })

  it('adds a 0-d src', () => {
    expect(run([], 0, [0], [], [3], [])).toEqual([3])
  })
})
