import { beforeAll, describe, expect, it } from 'vitest'
import { input, output, testStore } from '../../test/gpu'
import type { GpuStore } from '../store'
import { cast } from './cast'
import { fill } from './fill'

describe('cast and fill', () => {
  let store: GpuStore
  beforeAll(async () => {
    store = await testStore()
  })

  it('truncates float to int32 toward zero; NaN, infinities and out of range give INT_MIN', async () => {
    const xs = [-2.7, -0.5, 0.5, 2.7, NaN, Infinity, -Infinity, 2 ** 31, 2 ** 32 + 512, -(2 ** 31)]
    const got = await output(store, cast(store, input(store, xs, [10]), 'int32'), 10, 'int32')
    const min = -2147483648
    expect(got).toEqual([-2, 0, 0, 2, min, min, min, min, min, min])
  })

  it('casts anything to bool as != 0, NaN included', async () => {
    const f = await output(
      store,
      cast(store, input(store, [-2, -0, 0, 1e-30, NaN], [5]), 'bool'),
      5,
      'bool',
    )
    expect(f).toEqual([1, 0, 0, 1, 1])
    const i = await output(
      store,
      cast(store, input(store, [-3, 0, 7], [3], 'int32'), 'bool'),
      3,
      'bool',
    )
    expect(i).toEqual([1, 0, 1])
  })

  it('widens ints and bools to float32, bools to int32, and copies on a same-dtype cast', async () => {
    const ints = input(store, [-3, 0, 7, 1 << 20], [4], 'int32')
    expect(await output(store, cast(store, ints, 'float32'), 4)).toEqual([-3, 0, 7, 1 << 20])
    const bools = input(store, [1, 0, 1], [3], 'bool')
    expect(await output(store, cast(store, bools, 'float32'), 3)).toEqual([1, 0, 1])
    expect(await output(store, cast(store, bools, 'int32'), 3, 'int32')).toEqual([1, 0, 1])
    expect(await output(store, cast(store, ints, 'int32'), 4, 'int32')).toEqual([-3, 0, 7, 1 << 20])
  })

  it('rejects float64 with the backend named', () => {
    const x = input(store, [1], [1])
    expect(() => cast(store, x, 'float64')).toThrow('webgpu: float64 is not supported; use float32')
    expect(() => fill(store, 3, 1, 'float64')).toThrow('webgpu: float64 is not supported')
  })

  it('fills with the value of each dtype, zeros by a clear', async () => {
    expect(await output(store, fill(store, 5, -1.5, 'float32'), 5)).toEqual([
      -1.5, -1.5, -1.5, -1.5, -1.5,
    ])
    expect(await output(store, fill(store, 3, -7, 'int32'), 3, 'int32')).toEqual([-7, -7, -7])
    expect(await output(store, fill(store, 3, 2, 'bool'), 3, 'bool')).toEqual([1, 1, 1])
    expect(await output(store, fill(store, 4, 0, 'float32'), 4)).toEqual([0, 0, 0, 0])
    expect(await output(store, fill(store, 2, NaN, 'float32'), 2)).toEqual([NaN, NaN])
    expect(await output(store, fill(store, 0, 1, 'float32'), 0)).toEqual([])
  })
})
