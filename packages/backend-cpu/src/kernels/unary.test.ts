import type { DType, UnaryOp } from '@othergrad/core/backend'
import { describe, expect, it } from 'vitest'
import { expectClose } from '../../test/reference'
import { unaryImpl } from './unary'

function run(op: UnaryOp, values: number[], dtype: DType = 'float64'): number[] {
  const x =
    dtype === 'float64'
      ? Float64Array.from(values)
      : dtype === 'float32'
        ? Float32Array.from(values)
        : dtype === 'int32'
          ? Int32Array.from(values)
          : Uint8Array.from(values)
  const out = op === 'logicalNot' ? new Uint8Array(x.length) : x.slice().fill(0)
  unaryImpl(op, dtype, x, out)
  return Array.from(out)
}

describe('unaryImpl', () => {
  const xs = [-2.5, -1, -0.25, 0, 0.5, 3]
  const table: [UnaryOp, (x: number) => number][] = [
    ['neg', (x) => -x],
    ['abs', Math.abs],
    ['exp', Math.exp],
    ['sqrt', Math.sqrt],
    ['log', Math.log],
    ['rsqrt', (x) => 1 / Math.sqrt(x)],
    ['reciprocal', (x) => 1 / x],
    ['square', (x) => x * x],
    ['tanh', Math.tanh],
    ['sin', Math.sin],
    ['cos', Math.cos],
    ['expm1', Math.expm1],
    ['log1p', Math.log1p],
    ['floor', Math.floor],
    ['ceil', Math.ceil],
    ['sigmoid', (x) => 1 / (1 + Math.exp(-x))],
  ]
  for (const [op, f] of table) {
    it(`computes ${op}`, () => expectClose(run(op, xs), xs.map(f), 1e-12))
  }

  it('rounds halves to even like torch.round', () => {
    expect(run('round', [0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999999999999994, 2.6, -2.6])).toEqual(
      [0, 2, 2, -0, -2, -2, 0, 3, -3],
    )
  })

  it('gives sign 0 for zeros and NaN, as torch does', () => {
    expect(run('sign', [-3, -0, 0, 2, NaN, -Infinity])).toEqual([-1, 0, 0, 1, 0, -1])
  })

  it('keeps NaN and -0 through relu', () => {
    expect(run('relu', [-1, -0, 0, 2, NaN])).toEqual([0, -0, 0, 2, NaN])
  })

  it('keeps sigmoid finite and exact at the extremes', () => {
    expect(run('sigmoid', [-1000, -50, 1000, NaN], 'float32')).toEqual([
      0,
      Math.fround(Math.exp(-50)),
      1,
      NaN,
    ])
  })

  it('returns bool from logicalNot, with NaN counting as true', () => {
    expect(run('logicalNot', [0, 1, -0, NaN, 2])).toEqual([1, 0, 1, 0, 0])
    expect(run('logicalNot', [0, 1], 'bool')).toEqual([1, 0])
  })

  it('computes int32 square, abs and neg exactly', () => {
    expect(run('square', [46340, -3], 'int32')).toEqual([46340 * 46340, 9])
    expect(run('abs', [-(2 ** 31) + 1, -5], 'int32')).toEqual([2 ** 31 - 1, 5])
    expect(run('neg', [2 ** 31 - 1, -(2 ** 31) + 1], 'int32')).toEqual([
      -(2 ** 31) + 1,
      2 ** 31 - 1,
    ])
  })

  it('raises on int32 square, abs and neg outside int32 instead of wrapping', () => {
    expect(() => run('square', [3, 46341], 'int32')).toThrow(
      "square: integer overflow: 46341 ** 2 = 2147488281 does not fit int32 ([-2147483648, 2147483647]); othergrad's int64 is int32 and never wraps",
    )
    expect(() => run('abs', [-(2 ** 31)], 'int32')).toThrow(
      'abs: integer overflow: abs(-2147483648) = 2147483648 does not fit int32',
    )
    expect(() => run('neg', [-(2 ** 31)], 'int32')).toThrow(
      'neg: integer overflow: -(-2147483648) = 2147483648 does not fit int32',
    )
  })

  it('leaves an empty output untouched', () => {
    expect(run('exp', [])).toEqual([])
  })
})
