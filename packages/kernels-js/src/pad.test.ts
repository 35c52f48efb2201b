import { describe, expect, it } from 'vitest'
import { numel, ravel, unravel } from '../test/reference'
import { padImpl } from './pad'
import { sliceImpl } from './slice'

function run(x: number[], shape: number[], before: number[], after: number[]): number[] {
  const outShape = shape.map((s, d) => before[d] + s + after[d])
  const out = new Float64Array(numel(outShape)).fill(NaN)
  padImpl(Float64Array.from(x), shape, before, after, out)
  return Array.from(out)
}

describe('padImpl', () => {
  it('zero-pads a matrix on every side', () => {
    expect(run([1, 2, 3, 4], [2, 2], [1, 0], [0, 2])).toEqual([0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0])
  })

  it('is undone by slicing the same block back out', () => {
    const shape = [2, 3, 4]
    const before = [1, 0, 2]
    const after = [0, 3, 1]
    const x = Array.from({ length: numel(shape) }, (_, i) => i + 1)
    const padded = run(x, shape, before, after)
    const outShape = shape.map((s, d) => before[d] + s + after[d])
    const back = new Float64Array(numel(shape))
    sliceImpl(Float64Array.from(padded), outShape, before, shape, back)
    expect(Array.from(back)).toEqual(x)
    // Everything outside the block is zero.
    const inside = padded.filter((_, i) => {
      const idx = unravel(i, outShape)
      return idx.every((v, d) => v >= before[d] && v < before[d] + shape[d])
    })
    expect(padded.reduce((a, b) => a + b, 0)).toBe(inside.reduce((a, b) => a + b, 0))
    expect(padded[ravel([0, 0, 0], outShape)]).toBe(0)
  })

  it('pads an empty tensor into zeros', () => {
    expect(run([], [0, 2], [1, 0], [1, 0])).toEqual([0, 0, 0, 0])
  })

  it('returns early for an empty output', () => {
    expect(run([], [0, 3], [0, 1], [0, 1])).toEqual([])
  })
})
