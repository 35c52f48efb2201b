import type { DType, ReduceOp } from '@othergrad/core/backend'
import { describe, expect, it } from 'vitest'
import { numel, randomValues, ravel, unravel } from '../../test/reference'
import { reduceImpl } from './reduce'

function naiveReduce(
  op: ReduceOp,
  x: ArrayLike<number>,
  shape: number[],
  axes: number[],
): number[] {
  const outShape = shape.filter((_, d) => !axes.includes(d))
  const init = { sum: 0, prod: 1, max: -Infinity, min: Infinity }[op]
  const out = new Array<number>(numel(outShape)).fill(init)
  for (let i = 0; i < numel(shape); i++) {
    const idx = unravel(i, shape)
    const o = ravel(
      idx.filter((_, d) => !axes.includes(d)),
      outShape,
    )
    const v = x[i]
    if (op === 'sum') out[o] += v
    else if (op === 'prod') out[o] *= v
    else if (Number.isNaN(v) || Number.isNaN(out[o])) out[o] = NaN
    else out[o] = op === 'max' ? Math.max(out[o], v) : Math.min(out[o], v)
  }
  return out
}

/** Every non-empty subset of `0..rank-1`, sorted. */
function subsets(rank: number): number[][] {
  const all: number[][] = []
  for (let mask = 1; mask < 1 << rank; mask++) {
    all.push([...Array(rank).keys()].filter((d) => mask & (1 << d)))
  }
  return all
}

function run(op: ReduceOp, dtype: DType, x: ArrayLike<number>, shape: number[], axes: number[]) {
  const outSize = numel(shape.filter((_, d) => !axes.includes(d)))
  const sumLike = op === 'sum' || op === 'prod'
  const out =
    dtype === 'float64'
      ? new Float64Array(outSize)
      : sumLike || dtype === 'int32'
        ? new Int32Array(outSize)
        : new Uint8Array(outSize)
  const input =
    dtype === 'float64'
      ? Float64Array.from(x)
      : dtype === 'int32'
        ? Int32Array.from(x)
        : Uint8Array.from(x)
  reduceImpl(op, dtype, input, shape, axes, out)
  return Array.from(out)
}

describe('reduceImpl', () => {
  const shape = [2, 3, 4]
  const x = randomValues(24, 7).map((v) => v * 2)
  for (const op of ['sum', 'prod', 'max', 'min'] as const) {
    for (const axes of subsets(3)) {
      it(`${op}s axes [${axes}] of 2x3x4 like a naive loop`, () => {
        const got = run(op, 'float64', x, shape, axes)
        const want = naiveReduce(op, x, shape, axes)
        for (let i = 0; i < want.length; i++) expect(got[i]).toBeCloseTo(want[i], 12)
      })
    }
  }

  it('reduces around size-1 dims', () => {
    const s = [3, 1, 4, 1]
    const v = randomValues(12, 2)
    for (const axes of subsets(4)) {
      const got = run('sum', 'float64', v, s, axes)
      const want = naiveReduce('sum', v, s, axes)
      for (let i = 0; i < want.length; i++) expect(got[i]).toBeCloseTo(want[i], 12)
    }
  })

  it('sums a long innermost axis and long outer axes', () => {
    const s = [5, 300, 7]
    const v = randomValues(numel(s), 5)
    for (const axes of [[2], [0, 1], [0, 2], [1]]) {
      const got = run('sum', 'float64', v, s, axes)
      const want = naiveReduce('sum', v, s, axes)
      for (let i = 0; i < want.length; i++) expect(got[i]).toBeCloseTo(want[i], 10)
    }
  })

  it('propagates NaN through max and min wherever it appears', () => {
    const v = [1, NaN, 3, 4, 5, 6]
    expect(run('max', 'float64', v, [2, 3], [1])).toEqual([NaN, 6])
    expect(run('min', 'float64', v, [2, 3], [0])).toEqual([1, NaN, 3])
    expect(run('max', 'float64', v, [2, 3], [0])).toEqual([4, NaN, 6])
    expect(run('min', 'float64', v, [2, 3], [1])).toEqual([NaN, 4])
    expect(run('max', 'float64', [NaN, 1, 2], [3], [0])).toEqual([NaN])
  })

  it('sums and multiplies int32 into int32, raising instead of wrapping', () => {
    expect(run('sum', 'int32', [1, 2, 3, 4, 5, 6], [2, 3], [1])).toEqual([6, 15])
    expect(run('prod', 'int32', [65536, 65535, 0], [3], [0])).toEqual([0])
    expect(run('sum', 'int32', [2 ** 31 - 1, 2, -2], [3], [0])).toEqual([2 ** 31 - 1])
    expect(() => run('prod', 'int32', [65536, 65536, 3], [3], [0])).toThrow(
      'prod: integer overflow: the result 12884901888 of a tensor of shape 3 (int32) does not fit int32',
    )
    expect(() => run('sum', 'int32', [2 ** 31 - 1, 2], [2], [0])).toThrow(
      'sum: integer overflow: the result 2147483649',
    )
    expect(run('max', 'int32', [-5, 7, 2], [3], [0])).toEqual([7])
  })

  it('sums bools into int32 and keeps bool for max', () => {
    expect(run('sum', 'bool', [1, 0, 1, 1], [4], [0])).toEqual([3])
    expect(run('max', 'bool', [0, 0, 1, 0], [2, 2], [1])).toEqual([0, 1])
  })

  it('gives 0 for sum and 1 for prod over an empty axis', () => {
    expect(run('sum', 'float64', [], [2, 0], [1])).toEqual([0, 0])
    expect(run('prod', 'float64', [], [0, 3], [0])).toEqual([1, 1, 1])
  })

  it('returns early for an empty output', () => {
    expect(run('sum', 'float64', [], [0, 3], [1])).toEqual([])
  })

  it('reduces a one-element tensor to itself', () => {
    expect(run('min', 'float64', [2.5], [1, 1], [0, 1])).toEqual([2.5])
    expect(run('sum', 'float64', [2.5], [1, 1], [1])).toEqual([2.5])
  })

  it('reduces a 0-d tensor to itself', () => {
    expect(run('max', 'float64', [-3], [], [0])).toEqual([-3])
  })

  it('writes float32 output', () => {
    const out = new Float32Array(2)
    reduceImpl('sum', 'float32', Float32Array.of(0.5, 0.25, 1, 2), [2, 2], [1], out)
    expect(Array.from(out)).toEqual([0.75, 3])
  })
})
