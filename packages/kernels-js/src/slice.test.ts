import { describe, expect, it } from 'vitest'
import { numel, ravel, unravel } from '../test/reference'
import { sliceImpl } from './slice'

function run(x: number[], shape: number[], begin: number[], size: number[]): number[] {
  const out = new Float32Array(numel(size))
  sliceImpl(Float32Array.from(x), shape, begin, size, out)
  return Array.from(out)
}

function naiveSlice(x: number[], shape: number[], begin: number[], size: number[]): number[] {
  return Array.from({ length: numel(size) }, (_, i) => {
    const idx = unravel(i, size).map((v, d) => v + begin[d])
    return x[ravel(idx, shape)]
  })
}

describe('sliceImpl', () => {
  const shape = [3, 4, 5]
  const x = Array.from({ length: 60 }, (_, i) => i)
  const cases: [number[], number[]][] = [
    [
      [0, 0, 0],
      [3, 4, 5],
    ],
    [
      [1, 0, 0],
      [2, 4, 5],
    ],
    [
      [0, 1, 2],
      [3, 2, 3],
    ],
    [
      [2, 3, 4],
      [1, 1, 1],
    ],
    [
      [0, 0, 1],
      [3, 4, 4],
    ],
  ]
  for (const [begin, size] of cases) {
    it(`takes [${begin}] + [${size}] of 3x4x5`, () => {
      expect(run(x, shape, begin, size)).toEqual(naiveSlice(x, shape, begin, size))
    })
  }

  it('slices a 0-d tensor to itself', () => {
    expect(run([4], [], [], [])).toEqual([4])
  })

  it('returns early for an empty block', () => {
    expect(run(x, shape, [1, 1, 1], [2, 0, 3])).toEqual([])
  })
})
