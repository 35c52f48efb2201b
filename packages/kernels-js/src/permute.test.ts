import { describe, expect, it } from 'vitest'
import { numel, ravel, unravel } from '../test/reference'
import { permuteImpl } from './permute'

function naivePermute(x: number[], shape: number[], perm: number[]): number[] {
  const outShape = perm.map((p) => shape[p])
  return Array.from({ length: numel(shape) }, (_, i) => {
    const outIdx = unravel(i, outShape)
    const inIdx = new Array<number>(shape.length)
    perm.forEach((p, d) => (inIdx[p] = outIdx[d]))
    return x[ravel(inIdx, shape)]
  })
}

function permutations(n: number): number[][] {
  if (n === 0) return [[]]
  return permutations(n - 1).flatMap((p) =>
    Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]),
  )
}

function run(x: number[], shape: number[], perm: number[]): number[] {
  const out = new Float64Array(x.length)
  permuteImpl(Float64Array.from(x), shape, perm, out)
  return Array.from(out)
}

describe('permuteImpl', () => {
  const shape = [2, 3, 4, 5]
  const x = Array.from({ length: numel(shape) }, (_, i) => i)
  for (const perm of permutations(4)) {
    it(`permutes 2x3x4x5 by [${perm}]`, () => {
      expect(run(x, shape, perm)).toEqual(naivePermute(x, shape, perm))
    })
  }

  it('transposes a matrix larger than one tile', () => {
    const s = [37, 70]
    const v = Array.from({ length: numel(s) }, (_, i) => i * 0.5)
    expect(run(v, s, [1, 0])).toEqual(naivePermute(v, s, [1, 0]))
  })

  it('permutes around size-1 dims and 0-d', () => {
    const v = [1, 2, 3, 4, 5, 6]
    expect(run(v, [1, 2, 1, 3], [3, 2, 1, 0])).toEqual(naivePermute(v, [1, 2, 1, 3], [3, 2, 1, 0]))
    expect(run([7], [], [])).toEqual([7])
  })

  it('returns early for an empty tensor', () => {
    expect(run([], [3, 0, 2], [2, 0, 1])).toEqual([])
  })
})
