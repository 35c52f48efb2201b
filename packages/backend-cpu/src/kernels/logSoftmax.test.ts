import { describe, expect, it } from 'vitest'
import { expectClose, randomValues } from '../../test/reference'
import { logSoftmaxBackwardImpl, logSoftmaxImpl } from './logSoftmax'

function naiveLogSoftmax(x: number[], n: number): number[] {
  const out: number[] = []
  for (let o = 0; o < x.length; o += n) {
    const row = x.slice(o, o + n)
    const lse = Math.log(row.reduce((s, v) => s + Math.exp(v), 0))
    for (const v of row) out.push(v - lse)
  }
  return out
}

describe('logSoftmaxImpl', () => {
  it('matches log(softmax) row by row', () => {
    const x = randomValues(12, 3).map((v) => v * 5)
    const out = new Float64Array(12)
    logSoftmaxImpl(Float64Array.from(x), 4, out)
    expectClose(out, naiveLogSoftmax(x, 4), 1e-12)
  })

  it('stays finite for large logits thanks to the max shift', () => {
    const out = new Float32Array(3)
    logSoftmaxImpl(Float32Array.of(1000, 1000, -1000), 3, out)
    expectClose(out, [-Math.LN2, -Math.LN2, -2000 - Math.LN2], 1e-6)
  })

  it('gives NaN rows for infinite or NaN maxima, as torch does', () => {
    const out = new Float64Array(6)
    logSoftmaxImpl(Float64Array.of(-Infinity, -Infinity, Infinity, 1, NaN, 0), 2, out)
    expect(Array.from(out)).toEqual([NaN, NaN, NaN, NaN, NaN, NaN])
  })

  it('keeps -inf entries at -inf', () => {
    const out = new Float64Array(2)
    logSoftmaxImpl(Float64Array.of(0, -Infinity), 2, out)
    expect(Array.from(out)).toEqual([0, -Infinity])
  })

  it('returns early for empty rows', () => {
    const out = new Float64Array(0)
    logSoftmaxImpl(new Float64Array(0), 0, out)
    expect(out.length).toBe(0)
  })
})

describe('logSoftmaxBackwardImpl', () => {
  it('matches a finite-difference Jacobian-vector product', () => {
    const n = 5
    const x = randomValues(2 * n, 8)
    const dy = randomValues(2 * n, 9)
    const y = new Float64Array(2 * n)
    logSoftmaxImpl(Float64Array.from(x), n, y)
    const dx = new Float64Array(2 * n)
    logSoftmaxBackwardImpl(Float64Array.from(dy), y, n, dx)
    // d/dx_i of sum(dy * logSoftmax(x)) by central differences.
    const h = 1e-6
    const f = (v: number[]) => naiveLogSoftmax(v, n).reduce((s, e, i) => s + e * dy[i], 0)
    const fd = x.map((_, i) => {
      const plus = x.slice()
      const minus = x.slice()
      plus[i] += h
      minus[i] -= h
      return (f(plus) - f(minus)) / (2 * h)
    })
    expectClose(dx, fd, 1e-7)
  })
})
