import { beforeAll, describe, expect, it } from 'vitest'
import { input, output, random, testStore } from '../../test/gpu'
import type { GpuStore } from '../store'
import { gather } from './gather'
import { indexAdd } from './indexAdd'
import { indexSelect } from './indexSelect'
import { scatterAdd } from './scatterAdd'

describe('index kernels', () => {
  let store: GpuStore
  beforeAll(async () => {
    store = await testStore()
  })

  it('gathers along each dim, with an index smaller than the input', async () => {
    const x = input(store, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], [3, 4])
    const i1 = input(store, [3, 0, 1, 1], [2, 2], 'int32')
    expect(await output(store, gather(store, x, 1, i1), 4)).toEqual([3, 0, 5, 5])
    const i0 = input(store, [2, 0, 1], [1, 3], 'int32')
    expect(await output(store, gather(store, x, 0, i0), 3)).toEqual([8, 1, 6])
  })

  it('scatter-adds repeated indices in order, and leaves uncovered positions at 0', async () => {
    const src = random(6, 4)
    const index = input(store, [1, 1, 0, 2, 1, 1], [2, 3], 'int32')
    const got = await output(
      store,
      scatterAdd(store, [3, 4], 1, index, input(store, src, [2, 3])),
      12,
    )
    const want = new Float32Array(12)
    ;[1, 1, 0, 2, 1, 1].forEach((t, p) => (want[Math.floor(p / 3) * 4 + t] += src[p]))
    expect(got).toEqual(Array.from(want))
    // dim 0 with a larger src: only the positions the index covers are read.
    const small = input(store, [0, 0], [1, 2], 'int32')
    const got0 = await output(
      store,
      scatterAdd(store, [2, 3], 0, small, input(store, [1, 2, 3, 4, 5, 6], [2, 3])),
      6,
    )
    expect(got0).toEqual([1, 2, 0, 0, 0, 0])
  })

  it('selects and index-adds slices, repeats accumulating', async () => {
    const x = input(store, [0, 1, 2, 3, 4, 5], [3, 2])
    const index = input(store, [2, 0, 2], [3], 'int32')
    expect(await output(store, indexSelect(store, x, 0, index), 6)).toEqual([4, 5, 0, 1, 4, 5])
    const src = input(store, [1, 2, 3, 4, 5, 6], [3, 2])
    expect(await output(store, indexAdd(store, [3, 2], 0, index, src), 6)).toEqual([
      3, 4, 0, 0, 6, 8,
    ])
    const cols = input(store, [1, 1], [2], 'int32')
    expect(
      await output(store, indexAdd(store, [2, 3], 1, cols, input(store, [1, 2, 3, 4], [2, 2])), 6),
    ).toEqual([0, 3, 0, 0, 7, 0])
  })
})
