import { describe, expect, it } from 'vitest'
import { broadcastOffset, numel, unravel } from '../test/reference'
import { whereImpl } from './where'

function run(
  cond: number[],
  condShape: number[],
  a: number[],
  aShape: number[],
  b: number[],
  bShape: number[],
  outShape: number[],
): number[] {
  const out = new Float64Array(numel(outShape))
  whereImpl(
    Uint8Array.from(cond),
    condShape,
    Float64Array.from(a),
    aShape,
    Float64Array.from(b),
    bShape,
    out,
    outShape,
  )
  return Array.from(out)
}

describe('whereImpl', () => {
  it('selects elementwise for equal shapes', () => {
    expect(run([1, 0, 0, 1], [2, 2], [1, 2, 3, 4], [2, 2], [5, 6, 7, 8], [2, 2], [2, 2])).toEqual([
      1, 6, 7, 4,
    ])
  })

  it('broadcasts all three operands', () => {
    const cond = [1, 0, 1]
    const a = [10, 20]
    const b = [-1]
    const outShape = [2, 3]
    const want = Array.from({ length: 6 }, (_, i) => {
      const idx = unravel(i, outShape)
      return cond[broadcastOffset(idx, [1, 3])]
        ? a[broadcastOffset(idx, [2, 1])]
        : b[broadcastOffset(idx, [])]
    })
    expect(run(cond, [1, 3], a, [2, 1], b, [], outShape)).toEqual(want)
    expect(want).toEqual([10, -1, 10, 20, -1, 20])
  })

  it('broadcasts a scalar condition', () => {
    expect(run([0], [], [1, 2], [2], [3, 4], [2], [2])).toEqual([3, 4])
  })

  it('returns early for an empty output', () => {
    expect(run([], [0], [], [0], [1], [1], [0])).toEqual([])
  })
})
