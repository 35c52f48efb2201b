import { describe, expect, it } from 'vitest'
import { numel } from '../test/reference'
import { concatImpl } from './concat'

/** A test operand: shape first, then values (default 0, 1, 2, ... plus `start`). */
function t(shape: number[], start = 0): { shape: number[]; values: number[] } {
  return { shape, values: Array.from({ length: numel(shape) }, (_, i) => start + i) }
}

function run(xs: { shape: number[]; values: number[] }[], axis: number): number[] {
  const outShape = xs[0].shape.slice()
  outShape[axis] = xs.reduce((s, x) => s + x.shape[axis], 0)
  const out = new Float64Array(numel(outShape))
  concatImpl(
    xs.map((x) => Float64Array.from(x.values)),
    xs.map((x) => x.shape),
    axis,
    out,
  )
  return Array.from(out)
}

describe('concatImpl', () => {
  it('joins along the first axis', () => {
    expect(run([t([1, 2]), t([2, 2], 10)], 0)).toEqual([0, 1, 10, 11, 12, 13])
  })

  it('joins along the last axis, interleaving rows', () => {
    expect(run([t([2, 2]), t([2, 1], 10)], 1)).toEqual([0, 1, 10, 2, 3, 11])
  })

  it('joins along a middle axis', () => {
    const want = [0, 1, 2, 3, 4, 5, 100, 101, 6, 7, 8, 9, 10, 11, 102, 103]
    expect(run([t([2, 3, 2]), t([2, 1, 2], 100)], 1)).toEqual(want)
  })

  it('skips empty inputs', () => {
    expect(run([t([0, 2]), t([1, 2], 5), t([0, 2])], 0)).toEqual([5, 6])
  })

  it('returns early for an empty output', () => {
    expect(run([t([2, 0]), t([2, 0])], 1)).toEqual([])
  })
})
