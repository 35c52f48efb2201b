import { describe, expect, it } from 'vitest'
import { expectClose, randomValues } from '../../test/reference'
import { linearImpl } from './linear'

function naiveLinear(
  x: number[],
  n: number,
  inF: number,
  w: number[],
  outF: number,
  b: number[] | null,
) {
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < outF; j++) {
      let s = b === null ? 0 : b[j]
      for (let p = 0; p < inF; p++) s += x[i * inF + p] * w[j * inF + p]
      out.push(s)
    }
  }
  return out
}

describe('linearImpl', () => {
  it('computes x @ w^T + b by hand', () => {
    const out = new Float32Array(4)
    // x = [[1, 2], [3, 4]], w = [[1, 0], [1, 1]], b = [10, 20]
    linearImpl(
      Float32Array.of(1, 2, 3, 4),
      2,
      2,
      Float32Array.of(1, 0, 1, 1),
      2,
      Float32Array.of(10, 20),
      out,
    )
    expect(Array.from(out)).toEqual([11, 23, 13, 27])
  })

  it('matches a naive loop with and without bias', () => {
    const [n, inF, outF] = [13, 37, 9]
    const x = randomValues(n * inF, 1)
    const w = randomValues(outF * inF, 2)
    const b = randomValues(outF, 3)
    for (const bias of [b, null]) {
      const out = new Float64Array(n * outF)
      linearImpl(
        Float64Array.from(x),
        n,
        inF,
        Float64Array.from(w),
        outF,
        bias && Float64Array.from(bias),
        out,
      )
      expectClose(out, naiveLinear(x, n, inF, w, outF, bias), 1e-12)
    }
  })

  it('gives the bias when there are no input features', () => {
    const out = new Float64Array(4)
    linearImpl(new Float64Array(0), 2, 0, new Float64Array(0), 2, Float64Array.of(1, 2), out)
    expect(Array.from(out)).toEqual([1, 2, 1, 2])
  })

  it('returns early for an empty batch', () => {
    const out = new Float64Array(0)
    linearImpl(new Float64Array(0), 0, 3, new Float64Array(6), 2, Float64Array.of(1, 2), out)
    expect(out.length).toBe(0)
  })
})
