import { describe, expect, it } from 'vitest'
import {
  broadcastOffset,
  expectClose,
  numel,
  randomInts,
  randomValues,
  unravel,
} from '../../test/reference'
import { matmulImpl } from './matmul'

const COMBOS = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
] as const

/** Triple loop over stored layouts: `a` is `[..., m, k]` (or `[..., k, m]` when transposed). */
function naiveMatmul(
  a: ArrayLike<number>,
  aShape: number[],
  b: ArrayLike<number>,
  bShape: number[],
  ta: boolean,
  tb: boolean,
  outShape: number[],
): number[] {
  const r = outShape.length
  const [m, n] = [outShape[r - 2], outShape[r - 1]]
  const k = ta ? aShape[r - 2] : aShape[r - 1]
  const batchShape = outShape.slice(0, r - 2)
  const out: number[] = []
  for (let t = 0; t < numel(batchShape); t++) {
    const bi = unravel(t, batchShape)
    const aBase = broadcastOffset(bi, aShape.slice(0, r - 2)) * aShape[r - 2] * aShape[r - 1]
    const bBase = broadcastOffset(bi, bShape.slice(0, r - 2)) * bShape[r - 2] * bShape[r - 1]
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0
        for (let p = 0; p < k; p++) {
          s += a[aBase + (ta ? p * m + i : i * k + p)] * b[bBase + (tb ? j * k + p : p * n + j)]
        }
        out.push(s)
      }
    }
  }
  return out
}

/** Runs matmulImpl on `[...batch, m, k] x [...batch, k, n]` stored per the flags. */
function check(
  aBatch: number[],
  bBatch: number[],
  m: number,
  k: number,
  n: number,
  ta: boolean,
  tb: boolean,
  dtype: 'float32' | 'float64' = 'float64',
): void {
  const Arr = dtype === 'float32' ? Float32Array : Float64Array
  const aShape = [...aBatch, ...(ta ? [k, m] : [m, k])]
  const bShape = [...bBatch, ...(tb ? [n, k] : [k, n])]
  const batch = aBatch.map((s, i) => Math.max(s, bBatch[i]))
  const outShape = [...batch, m, n]
  // Small integers keep every float64 sum exact, so the comparison can be exact too.
  const a = Arr.from(randomInts(numel(aShape), 1))
  const b = Arr.from(randomInts(numel(bShape), 2))
  const out = new Arr(numel(outShape)).fill(NaN)
  matmulImpl(a, aShape, b, bShape, { transposeA: ta, transposeB: tb }, out, outShape)
  expect(Array.from(out)).toEqual(naiveMatmul(a, aShape, b, bShape, ta, tb, outShape))
}

describe('matmulImpl', () => {
  for (const [ta, tb] of COMBOS) {
    describe(`transposeA=${ta} transposeB=${tb}`, () => {
      it('multiplies 1x1 by 1x1', () => check([], [], 1, 1, 1, ta, tb))
      it('multiplies odd sizes 7x13 by 13x5', () => check([], [], 7, 13, 5, ta, tb))
      it('multiplies 65x33 by 33x17 across register-tile edges', () =>
        check([], [], 65, 33, 17, ta, tb))
      it('crosses the k and row cache blocks (k > 256, m > 64)', () =>
        check([], [], 70, 300, 9, ta, tb))
      it('handles a single row and a single column', () => {
        check([], [], 1, 40, 23, ta, tb)
        check([], [], 23, 40, 1, ta, tb)
      })
      it('broadcasts batch dims [2,1] x [1,3]', () => check([2, 1], [1, 3], 5, 6, 7, ta, tb))
      it('multiplies float32', () => check([2], [2], 9, 11, 6, ta, tb, 'float32'))
    })
  }

  it('splits a B wider than one column block (n > 2048)', () => {
    check([], [], 5, 3, 2050, false, false)
    check([], [], 6, 4, 2053, true, true)
  })

  it('stacks batches into one tall matrix when b is shared', () => {
    check([3, 2], [1, 1], 5, 8, 6, false, false)
    check([4], [1], 9, 7, 10, false, true)
  })

  it('broadcasts a shared a over batches of b', () => check([1], [4], 5, 8, 6, true, false))

  it('gives zeros when k is 0', () => {
    const out = new Float32Array(6).fill(NaN)
    matmulImpl(
      new Float32Array(0),
      [2, 0],
      new Float32Array(0),
      [0, 3],
      { transposeA: false, transposeB: false },
      out,
      [2, 3],
    )
    expect(Array.from(out)).toEqual([0, 0, 0, 0, 0, 0])
  })

  it('returns early for an empty output', () => {
    const out = new Float64Array(0)
    const attrs = { transposeA: false, transposeB: false }
    matmulImpl(new Float64Array(0), [0, 4], new Float64Array(12), [4, 3], attrs, out, [0, 3])
    matmulImpl(
      new Float64Array(0),
      [2, 0, 4],
      new Float64Array(0),
      [2, 4, 0],
      attrs,
      out,
      [2, 0, 0],
    )
    expect(out.length).toBe(0)
  })

  it('computes a hand-worked 2x2 product', () => {
    const out = new Float32Array(4)
    const attrs = { transposeA: false, transposeB: false }
    matmulImpl(
      Float32Array.of(1, 2, 3, 4),
      [2, 2],
      Float32Array.of(5, 6, 7, 8),
      [2, 2],
      attrs,
      out,
      [2, 2],
    )
    expect(Array.from(out)).toEqual([19, 22, 43, 50])
  })

  it('reuses its scratch across calls of different sizes', () => {
    check([], [], 40, 280, 90, false, true)
    check([], [], 3, 2, 5, true, false)
    check([], [], 40, 280, 90, true, true)
  })

  it('keeps float32 products close to a double-precision reference', () => {
    const [m, k, n] = [33, 129, 20]
    const a = Float32Array.from(randomValues(m * k, 3))
    const b = Float32Array.from(randomValues(k * n, 4))
    const out = new Float32Array(m * n)
    matmulImpl(a, [m, k], b, [k, n], { transposeA: false, transposeB: false }, out, [m, n])
    expectClose(out, naiveMatmul(a, [m, k], b, [k, n], false, false, [m, n]), 1e-6)
  })
})
