import type { BinaryOp, DType } from '@othergrad/core/backend'
import { describe, expect, it } from 'vitest'
import {
  broadcastOffset,
  broadcastShapes,
  numel,
  randomInts,
  randomValues,
  unravel,
} from '../../test/reference'
import { binaryImpl } from './binary'

const BOOL_OUT = new Set<BinaryOp>(['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'logicalAnd', 'logicalOr'])

function arrayOf(dtype: DType, values: ArrayLike<number>) {
  if (dtype === 'float32') return Float32Array.from(values)
  if (dtype === 'float64') return Float64Array.from(values)
  if (dtype === 'int32') return Int32Array.from(values)
  return Uint8Array.from(values)
}

function run(
  op: BinaryOp,
  dtype: DType,
  a: ArrayLike<number>,
  aShape: number[],
  b: ArrayLike<number>,
  bShape: number[],
): number[] {
  const outShape = broadcastShapes(aShape, bShape)
  const out = arrayOf(BOOL_OUT.has(op) ? 'bool' : dtype, new Array(numel(outShape)).fill(0))
  binaryImpl(op, dtype, arrayOf(dtype, a), aShape, arrayOf(dtype, b), bShape, out, outShape)
  return Array.from(out)
}

/** Broadcasts by index arithmetic per element, then applies plain `f`. */
function naive(
  f: (x: number, y: number) => number,
  a: ArrayLike<number>,
  aShape: number[],
  b: ArrayLike<number>,
  bShape: number[],
): number[] {
  const outShape = broadcastShapes(aShape, bShape)
  return Array.from({ length: numel(outShape) }, (_, i) => {
    const idx = unravel(i, outShape)
    return f(a[broadcastOffset(idx, aShape)], b[broadcastOffset(idx, bShape)])
  })
}

describe('binaryImpl', () => {
  const cases: [number[], number[]][] = [
    [
      [2, 3],
      [2, 3],
    ],
    [[2, 3], []],
    [[], [4]],
    [[1], [3, 1]],
    [
      [4, 1, 3],
      [2, 1],
    ],
    [[3], [2, 4, 3]],
    [
      [2, 1, 4],
      [1, 3, 1],
    ],
    [
      [5, 1],
      [1, 6],
    ],
    [
      [1, 1, 1],
      [2, 2],
    ],
    [
      [2, 3, 1, 5],
      [3, 4, 1],
    ],
  ]
  for (const [aShape, bShape] of cases) {
    it(`broadcasts [${aShape}] with [${bShape}] like index arithmetic`, () => {
      const a = randomValues(numel(aShape), 1)
      const b = randomValues(numel(bShape), 2)
      expect(run('sub', 'float64', a, aShape, b, bShape)).toEqual(
        naive((x, y) => x - y, a, aShape, b, bShape),
      )
      expect(run('lt', 'float64', a, aShape, b, bShape)).toEqual(
        naive((x, y) => (x < y ? 1 : 0), a, aShape, b, bShape),
      )
    })
  }

  it('computes every op on a scalar and a vector', () => {
    const a = [-2, -0.5, 0, 1.5, 3]
    const b = [2]
    const table: [BinaryOp, (x: number, y: number) => number][] = [
      ['add', (x, y) => x + y],
      ['sub', (x, y) => x - y],
      ['mul', (x, y) => x * y],
      ['div', (x, y) => x / y],
      ['pow', (x, y) => x ** y],
      ['maximum', Math.max],
      ['minimum', Math.min],
      ['eq', (x, y) => +(x === y)],
      ['ne', (x, y) => +(x !== y)],
      ['lt', (x, y) => +(x < y)],
      ['le', (x, y) => +(x <= y)],
      ['gt', (x, y) => +(x > y)],
      ['ge', (x, y) => +(x >= y)],
      ['logicalAnd', (x, y) => +(x !== 0 && y !== 0)],
      ['logicalOr', (x, y) => +(x !== 0 || y !== 0)],
    ]
    for (const [op, f] of table) {
      expect(run(op, 'float64', a, [5], b, [1]), op).toEqual(a.map((x) => f(x, 2)))
      expect(run(op, 'float64', b, [], a, [5]), op).toEqual(a.map((y) => f(2, y)))
    }
  })

  it('combines two 0-d tensors', () => {
    expect(run('mul', 'float32', [3], [], [-2], [])).toEqual([-6])
  })

  it('propagates NaN through maximum and minimum', () => {
    const a = [NaN, 1, 2]
    const b = [0, NaN, 1]
    expect(run('maximum', 'float64', a, [3], b, [3])).toEqual([NaN, NaN, 2])
    expect(run('minimum', 'float64', a, [3], b, [3])).toEqual([NaN, NaN, 1])
  })

  it('follows C pow at 1, -1 and 0 exponents like torch', () => {
    expect(
      run('pow', 'float64', [1, -1, -1, NaN], [4], [NaN, Infinity, -Infinity, 0], [4]),
    ).toEqual([1, 1, 1, 1])
  })

  it('keeps int32 pow exact, with torch negative exponents', () => {
    expect(
      run('pow', 'int32', [3, -2, 2, -1, -1, 1, 5], [7], [4, 31, -1, -3, -2, -5, 0], [7]),
    ).toEqual([81, -(2 ** 31), 0, -1, 1, 1, 1])
    expect(run('pow', 'int32', [7, -3], [2], [11, 19], [2])).toEqual([7 ** 11, (-3) ** 19])
  })

  it('raises on an int32 pow outside int32 instead of wrapping', () => {
    expect(() => run('pow', 'int32', [1, 2], [2], [5, 31], [2])).toThrow(
      "pow: integer overflow: 2 ** 31 = 2147483648 does not fit int32 ([-2147483648, 2147483647]); othergrad's int64 is int32 and never wraps: cast to a float dtype first, e.g. x.double()",
    )
    expect(() => run('pow', 'int32', [7], [], [13], [])).toThrow(
      'pow: integer overflow: 7 ** 13 = 96889010407 does not fit int32',
    )
    expect(() => run('pow', 'int32', [46341], [], [2], [])).toThrow('46341 ** 2 = 2147488281')
    expect(() => run('pow', 'int32', [3], [], [100], [])).toThrow(
      '3 ** 100 = 5.153775207320113e+47',
    )
  })

  it('computes int32 products exactly and truncates int32 division', () => {
    expect(run('mul', 'int32', [65535, -46340], [2], [32768, 46341], [2])).toEqual([
      65535 * 32768,
      -46340 * 46341,
    ])
    expect(run('div', 'int32', [7, -7, 7], [3], [2, 2, -2], [3])).toEqual([3, -3, -3])
    expect(run('add', 'int32', [2 ** 31 - 2, -(2 ** 31)], [2], [1], [1])).toEqual([
      2 ** 31 - 1,
      -(2 ** 31) + 1,
    ])
  })

  it('raises on int32 add, sub and mul outside int32 instead of wrapping', () => {
    expect(() => run('add', 'int32', [5, 2 ** 31 - 1], [2], [1], [1])).toThrow(
      'add: integer overflow: 2147483647 + 1 = 2147483648 does not fit int32',
    )
    expect(() => run('sub', 'int32', [-(2 ** 31)], [1], [1], [1])).toThrow(
      'sub: integer overflow: -2147483648 - 1 = -2147483649 does not fit int32',
    )
    expect(() => run('mul', 'int32', [65536, 1], [2], [65536, 1], [2])).toThrow(
      'mul: integer overflow: 65536 * 65536 = 4294967296 does not fit int32',
    )
    expect(() => run('mul', 'int32', [-(2 ** 31)], [1], [-(2 ** 31)], [1])).toThrow(
      '-2147483648 * -2147483648 = 4611686018427387904 does not fit int32',
    )
    // Broadcast (strided) rows are checked too.
    expect(() => run('add', 'int32', [1, 2 ** 31 - 1], [2, 1], [0, 1], [1, 2])).toThrow(
      '2147483647 + 1 = 2147483648',
    )
  })

  it('saturates bool arithmetic like torch', () => {
    expect(run('add', 'bool', [1, 1, 0], [3], [1, 0, 0], [3])).toEqual([1, 1, 0])
    expect(run('mul', 'bool', [1, 1, 0], [3], [1, 0, 1], [3])).toEqual([1, 0, 0])
    expect(run('logicalAnd', 'bool', [1, 1, 0], [3], [1, 0, 1], [3])).toEqual([1, 0, 0])
  })

  it('treats NaN as true in logical ops and unequal in comparisons', () => {
    expect(run('logicalAnd', 'float64', [NaN, NaN], [2], [1, 0], [2])).toEqual([1, 0])
    expect(run('eq', 'float64', [NaN], [1], [NaN], [1])).toEqual([0])
    expect(run('ne', 'float64', [NaN], [1], [NaN], [1])).toEqual([1])
  })

  it('rounds float32 results to float32', () => {
    expect(run('add', 'float32', [0.1], [1], [0.2], [1])).toEqual([
      Math.fround(Math.fround(0.1) + Math.fround(0.2)),
    ])
  })

  it('returns early for empty tensors', () => {
    expect(run('add', 'float64', [], [0, 3], [1, 2, 3], [3])).toEqual([])
    expect(run('eq', 'float64', [], [2, 0], [5], [])).toEqual([])
  })

  it('handles larger broadcast shapes with integer data', () => {
    const a = randomInts(7 * 9, 5)
    const b = randomInts(9, 6)
    expect(run('mul', 'int32', a, [7, 9], b, [9])).toEqual(
      naive((x, y) => (x * y) | 0, a, [7, 9], b, [9]),
    )
  })
})
