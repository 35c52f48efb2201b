import { describe, expect, it } from 'vitest'
import { numel } from '../test/reference'
import { indexAddImpl } from './indexAdd'
import { indexSelectImpl } from './indexSelect'

function run(shape: number[], dim: number, index: number[], src: number[]): number[] {
  const out = new Float64Array(numel(shape)).fill(NaN)
  indexAddImpl(shape, dim, Int32Array.from(index), Float64Array.from(src), out)
  return Array.from(out)
}

describe('indexAddImpl', () => {
  it('accumulates repeated rows', () => {
    expect(run([3, 2], 0, [2, 0, 2], [1, 2, 3, 4, 5, 6])).toEqual([3, 4, 0, 0, 6, 8])
  })

  it('adds along the last dim', () => {
    expect(run([2, 3], 1, [0, 0], [1, 2, 3, 4])).toEqual([3, 0, 0, 7, 0, 0])
  })

  for (const dim of [0, 1, 2]) {
    it(`is the adjoint of indexSelect along dim ${dim}`, () => {
      const shape = [3, 4, 2]
      const index = [1, 0, 1, 1]
      const selShape = shape.slice()
      selShape[dim] = index.length
      const x = Array.from({ length: numel(shape) }, (_, i) => Math.sin(i + 1))
      const g = Array.from({ length: numel(selShape) }, (_, i) => Math.cos(i + 1))
      const selected = new Float64Array(numel(selShape))
      indexSelectImpl(Float64Array.from(x), shape, dim, Int32Array.from(index), selected)
      const added = run(shape, dim, index, g)
      const lhs = selected.reduce((s, v, i) => s + v * g[i], 0)
      const rhs = added.reduce((s, v, i) => s + v * x[i], 0)
      expect(lhs).toBeCloseTo(rhs, 12)
    })
  }

  it('gives zeros for an empty index', () => {
    expect(run([2, 2], 0, [], [])).toEqual([0, 0, 0, 0])
  })
})
