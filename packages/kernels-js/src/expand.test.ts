import { describe, expect, it } from 'vitest'
import { broadcastOffset, numel, unravel } from '../test/reference'
import { expandImpl } from './expand'

function run(x: number[], shape: number[], outShape: number[]): number[] {
  const out = new Int32Array(numel(outShape))
  expandImpl(Int32Array.from(x), shape, out, outShape)
  return Array.from(out)
}

describe('expandImpl', () => {
  const cases: [number[], number[]][] = [
    [
      [1, 3],
      [4, 3],
    ],
    [
      [3, 1],
      [3, 4],
    ],
    [
      [1, 1],
      [2, 5],
    ],
    [
      [2, 1, 3],
      [2, 4, 3],
    ],
    [
      [1, 2, 1],
      [3, 2, 2],
    ],
    [
      [2, 3],
      [2, 3],
    ],
  ]
  for (const [shape, outShape] of cases) {
    it(`expands [${shape}] to [${outShape}]`, () => {
      const x = Array.from({ length: numel(shape) }, (_, i) => i + 1)
      const want = Array.from(
        { length: numel(outShape) },
        (_, i) => x[broadcastOffset(unravel(i, outShape), shape)],
      )
      expect(run(x, shape, outShape)).toEqual(want)
    })
  }

  it('expands a 0-d tensor', () => {
    expect(run([9], [], [])).toEqual([9])
  })

  it('returns early for an empty target', () => {
    expect(run([1, 2], [1, 2], [0, 2])).toEqual([])
  })
})
