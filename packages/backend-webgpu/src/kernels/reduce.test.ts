import { beforeAll, describe, expect, it } from 'vitest'
import { numel } from '@othergrad/core/backend'
import type { ArgReduceOp, ReduceOp, Shape } from '@othergrad/core/backend'
import { input, maxError, output, random, testStore } from '../../test/gpu'
import type { GpuStore } from '../store'
import { argReduce } from './argReduce'
import { reduce, reduceLayout } from './reduce'

/** Naive reduction over `axes` by visiting every element. */
function reference(op: ReduceOp, x: number[], shape: Shape, axes: number[]): number[] {
  const outShape = shape.filter((_, d) => !axes.includes(d))
  const init = { sum: 0, prod: 1, max: -Infinity, min: Infinity }[op]
  const out = new Array<number>(numel(outShape)).fill(init)
  for (let i = 0; i < x.length; i++) {
    let rem = i
    let o = 0
    let stride = 1
    for (let d = shape.length - 1; d >= 0; d--) {
      const c = rem % shape[d]
      rem = Math.floor(rem / shape[d])
      if (!axes.includes(d)) {
        o += c * stride
        stride *= shape[d]
      }
    }
    const v = x[i]
    if (op === 'sum') out[o] += v
    else if (op === 'prod') out[o] *= v
    else if (op === 'max') out[o] = Math.max(out[o], v)
    else out[o] = Math.min(out[o], v)
  }
  return out
}

describe('reduce', () => {
  let store: GpuStore
  beforeAll(async () => {
    store = await testStore()
  })

  it('merges neighbouring dims of the same kind', () => {
    expect(reduceLayout([2, 3, 1, 4, 5], [1, 3])).toEqual({
      kept: { shape: [2, 5], strides: [60, 1] },
      reduced: { shape: [12], strides: [5] },
    })
    expect(reduceLayout([2, 3, 4, 5], [0, 2])).toEqual({
      kept: { shape: [3, 5], strides: [20, 1] },
      reduced: { shape: [2, 4], strides: [60, 5] },
    })
  })

  const cases: [Shape, number[]][] = [
    [[7, 5], [1]],
    [[7, 5], [0]],
    [
      [3, 4, 5],
      [0, 2],
    ],
    [
      [2, 3, 4, 5],
      [1, 2],
    ],
    [[6, 300], [1]], // long rows: one workgroup per output
    [[1000, 3], [0]],
    [[4096], [0]],
  ]
  for (const op of ['sum', 'max', 'min', 'prod'] as const) {
    for (const [shape, axes] of cases) {
      it(`${op}s ${shape.join('x')} over ${axes.join(',')}`, async () => {
        // prod of many values under- or overflows; keep its factors near 1.
        const x = random(numel(shape), 7).map((v) => (op === 'prod' ? Math.fround(1 + v / 64) : v))
        const outSize = numel(shape.filter((_, d) => !axes.includes(d)))
        const got = await output(store, reduce(store, op, input(store, x, shape), axes), outSize)
        expect(maxError(got, reference(op, x, shape, axes))).toBeLessThan(1e-5)
      })
    }
  }

  it('propagates NaN through max and min, in both kernels', async () => {
    for (const n of [5, 600]) {
      const x = random(n, 3)
      x[n - 2] = NaN
      for (const op of ['max', 'min'] as const) {
        expect(await output(store, reduce(store, op, input(store, x, [n]), [0]), 1)).toEqual([NaN])
      }
    }
  })

  it('sums int32 without wrapping (a result outside int32 raises) and bools as int32', async () => {
    const big = 2 ** 31 - 1
    const sum = reduce(store, 'sum', input(store, [big, 1, -5], [3], 'int32'), [0])
    expect(await output(store, sum, 1, 'int32')).toEqual([big - 4])
    const over = reduce(store, 'sum', input(store, [big, 1, 5], [3], 'int32'), [0])
    await expect(output(store, over, 1, 'int32')).rejects.toThrow(
      'sum: integer overflow: the result 2147483653 of a tensor of shape 3 (int32) does not fit int32',
    )
    const count = reduce(store, 'sum', input(store, [1, 0, 1, 1], [2, 2], 'bool'), [1])
    expect(await output(store, count, 2, 'int32')).toEqual([1, 2])
    const any = reduce(store, 'max', input(store, [0, 0, 1, 0], [2, 2], 'bool'), [1])
    expect(await output(store, any, 2, 'bool')).toEqual([0, 1])
  })

  it('gives the identity for an empty axis', async () => {
    expect(await output(store, reduce(store, 'sum', input(store, [], [3, 0]), [1]), 3)).toEqual([
      0, 0, 0,
    ])
    expect(await output(store, reduce(store, 'prod', input(store, [], [2, 0]), [1]), 2)).toEqual([
      1, 1,
    ])
  })
})

/** Naive first-occurrence argmax/argmin where NaN wins. */
function argReference(op: ArgReduceOp, x: number[], shape: Shape, axis: number): number[] {
  const n = shape[axis]
  const inner = numel(shape.slice(axis + 1))
  const outer = numel(shape.slice(0, axis))
  const out: number[] = []
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let best = 0
      for (let j = 1; j < n; j++) {
        const v = x[(o * n + j) * inner + i]
        const b = x[(o * n + best) * inner + i]
        if (Number.isNaN(b)) break
        if (Number.isNaN(v) || (op === 'argmax' ? v > b : v < b)) best = j
      }
      out.push(best)
    }
  }
  return out
}

describe('argReduce', () => {
  let store: GpuStore
  beforeAll(async () => {
    store = await testStore()
  })

  for (const op of ['argmax', 'argmin'] as const) {
    for (const [shape, axis] of [
      [[4, 6], 1],
      [[4, 6], 0],
      [[3, 5, 2], 1],
      [[3, 700], 1], // long rows: one workgroup per output
    ] as [Shape, number][]) {
      it(`${op} of ${shape.join('x')} along ${axis} takes the first of ties`, async () => {
        // Values on a coarse grid, so ties are common.
        const x = random(numel(shape), 11).map((v) => Math.round(v * 3))
        if (shape[1] === 700) x[900] = NaN
        const outSize = numel(shape) / shape[axis]
        const got = await output(
          store,
          argReduce(store, op, input(store, x, shape), axis),
          outSize,
          'int32',
        )
        expect(got).toEqual(argReference(op, x, shape, axis))
      })
    }
  }

  it('answers the first NaN, and compares int32 exactly', async () => {
    const nan = argReduce(store, 'argmin', input(store, [3, NaN, 1, NaN], [4]), 0)
    expect(await output(store, nan, 1, 'int32')).toEqual([1])
    const ints = argReduce(
      store,
      'argmax',
      input(store, [16777217, 16777216, 16777217], [3], 'int32'),
      0,
    )
    expect(await output(store, ints, 1, 'int32')).toEqual([0])
  })
})
