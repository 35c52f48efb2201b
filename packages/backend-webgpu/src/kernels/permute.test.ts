import { beforeAll, describe, expect, it } from 'vitest'
import { numel, stridesOf } from '@othergrad/core/backend'
import type { Shape } from '@othergrad/core/backend'
import { input, output, testStore } from '../../test/gpu'
import type { GpuStore } from '../store'
import { concat } from './concat'
import { expand } from './expand'
import { pad } from './pad'
import { permute } from './permute'
import { slice } from './slice'

const iota = (n: number) => Array.from({ length: n }, (_, i) => i)

/** The value at `coords` of a row-major iota tensor of `shape`. */
function at(shape: Shape, coords: number[]): number {
  const strides = stridesOf(shape)
  return coords.reduce((s, c, d) => s + c * strides[d], 0)
}

function coordsOf(shape: Shape, i: number): number[] {
  const c = new Array<number>(shape.length)
  for (let d = shape.length - 1; d >= 0; d--) {
    c[d] = i % shape[d]
    i = Math.floor(i / shape[d])
  }
  return c
}

describe('movement', () => {
  let store: GpuStore
  beforeAll(async () => {
    store = await testStore()
  })

  it('permutes any dims, moving raw words of every dtype', async () => {
    for (const [shape, perm] of [
      [
        [3, 4],
        [1, 0],
      ],
      [
        [2, 3, 4, 5],
        [0, 3, 1, 2],
      ],
      [
        [2, 3, 4],
        [2, 1, 0],
      ],
      [
        [1, 1, 3],
        [2, 0, 1],
      ],
    ] as [Shape, number[]][]) {
      const outShape = perm.map((p) => shape[p])
      const out = permute(store, input(store, iota(numel(shape)), shape, 'int32'), perm)
      const want = iota(numel(shape)).map((i) => {
        const c = coordsOf(outShape, i)
        return at(
          shape,
          perm.map((_, d) => c[perm.indexOf(d)]),
        )
      })
      expect(await output(store, out, numel(shape), 'int32')).toEqual(want)
    }
  })

  it('expands size-1 dims', async () => {
    const out = expand(store, input(store, [1, 2, 3], [1, 3, 1]), [2, 3, 2])
    expect(await output(store, out, 12)).toEqual([1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3])
  })

  it('slices a block and pads it back with zeros', async () => {
    const x = input(store, iota(20), [4, 5])
    const block = slice(store, x, [1, 2], [2, 3])
    expect(await output(store, block, 6)).toEqual([7, 8, 9, 12, 13, 14])
    const padded = pad(store, { storage: block, shape: [2, 3], dtype: 'float32' }, [1, 0], [0, 1])
    expect(await output(store, padded, 12)).toEqual([0, 0, 0, 0, 7, 8, 9, 0, 12, 13, 14, 0])
  })

  it('concatenates along inner and outer axes, empty parts included', async () => {
    const a = input(store, [1, 0, 1, 1], [2, 2], 'bool')
    const b = input(store, [], [2, 0], 'bool')
    const c = input(store, [0, 1], [2, 1], 'bool')
    expect(await output(store, concat(store, [a, b, c], 1), 6, 'bool')).toEqual([1, 0, 0, 1, 1, 1])
    const x = input(store, [1, 2], [1, 2])
    const y = input(store, [3, 4, 5, 6], [2, 2])
    expect(await output(store, concat(store, [x, y], 0), 6)).toEqual([1, 2, 3, 4, 5, 6])
  })
})
