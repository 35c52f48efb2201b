import { describe, expect, it } from 'vitest'
import { numel, ravel, unravel } from '../test/reference'
import { advance, broadcastStrides, collapse, copyBlock, mergeReduceDims, splitAt } from './layout'

describe('broadcastStrides', () => {
  it('gives 0 on broadcast and missing leading dims', () => {
    expect(broadcastStrides([3, 1], [2, 3, 4])).toEqual([0, 1, 0])
    expect(broadcastStrides([2, 3, 4], [2, 3, 4])).toEqual([12, 4, 1])
    expect(broadcastStrides([], [2, 2])).toEqual([0, 0])
  })
})

describe('collapse', () => {
  it('merges dims every operand walks contiguously', () => {
    expect(collapse([2, 3, 4], [[12, 4, 1]])).toEqual({ shape: [24], strides: [[1]] })
  })

  it('keeps a broadcast dim apart from a contiguous one', () => {
    expect(
      collapse(
        [2, 3, 4],
        [
          [12, 4, 1],
          [0, 4, 1],
        ],
      ),
    ).toEqual({
      shape: [2, 12],
      strides: [
        [12, 1],
        [0, 1],
      ],
    })
  })

  it('drops size-1 dims and returns one dim for a scalar', () => {
    expect(collapse([1, 5, 1], [[5, 1, 1]])).toEqual({ shape: [5], strides: [[1]] })
    expect(collapse([], [[], []])).toEqual({ shape: [1], strides: [[0], [0]] })
  })
})

describe('advance', () => {
  it('steps the offsets of every operand as a row-major counter', () => {
    const shape = [2, 3]
    const strides = [
      [3, 1],
      [1, 2],
    ]
    const index = [0, 0]
    const offsets = [0, 0]
    const seen: number[][] = []
    for (let i = 0; i < 6; i++) {
      seen.push(offsets.slice())
      advance(index, shape, 2, strides, offsets)
    }
    expect(seen).toEqual([
      [0, 0],
      [1, 2],
      [2, 4],
      [3, 1],
      [4, 3],
      [5, 5],
    ])
    // Wraps back to the start.
    expect(offsets).toEqual([0, 0])
  })
})

describe('copyBlock', () => {
  it('copies a strided block into a contiguous one', () => {
    // The [1:3, 1:3] block of a 3x4 matrix.
    const src = Float64Array.from({ length: 12 }, (_, i) => i)
    const dst = new Float64Array(4)
    copyBlock(src, 5, [4, 1], dst, 0, [2, 1], [2, 2])
    expect(Array.from(dst)).toEqual([5, 6, 9, 10])
  })

  it('writes through strides on both sides', () => {
    const shape = [2, 3]
    const src = Float64Array.from({ length: numel(shape) }, (_, i) => i + 1)
    // Transposed destination: dst[j, i] = src[i, j].
    const dst = new Float64Array(6)
    copyBlock(src, 0, [3, 1], dst, 0, [1, 2], shape)
    for (let i = 0; i < 6; i++) {
      const [r, c] = unravel(i, shape)
      expect(dst[ravel([c, r], [3, 2])]).toBe(src[i])
    }
  })
})

describe('mergeReduceDims', () => {
  it('merges neighbours of one kind and drops size-1 dims', () => {
    expect(mergeReduceDims([2, 3, 1, 4, 5], [1, 2, 3])).toEqual({
      dims: [2, 12, 5],
      reduced: [false, true, false],
    })
    expect(mergeReduceDims([2, 3, 4], [0, 1])).toEqual({ dims: [6, 4], reduced: [true, false] })
  })

  it('is empty when every dim is 1', () => {
    expect(mergeReduceDims([1, 1], [0])).toEqual({ dims: [], reduced: [] })
  })
})

describe('splitAt', () => {
  it('gives the sizes before, at and after a dim', () => {
    expect(splitAt([2, 3, 4, 5], 1)).toEqual([2, 3, 20])
    expect(splitAt([2, 3], 1)).toEqual([2, 3, 1])
  })

  it('treats a 0-d shape as one element', () => {
    expect(splitAt([], 0)).toEqual([1, 1, 1])
  })
})
