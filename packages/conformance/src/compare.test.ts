import { describe, expect, it } from 'vitest'
import { compareValues, maxMagnitude } from './compare'
import { decodeFloat32Values, decodeValue } from './fixtures'

const tol = { rtol: 1e-5, atol: 1e-6 }

describe('compareValues', () => {
  it('passes values within rtol * |expected| + atol * max|expected|', () => {
    expect(compareValues([1.000009, 100], [1, 100], tol)).toBeUndefined()
    // atol is scaled by the largest expected value: 1e-6 * 100 covers a 5e-5 error near zero
    expect(compareValues([5e-5, 100], [0, 100], tol)).toBeUndefined()
  })

  it('reports the worst element with its flat index', () => {
    const m = compareValues([1, 2.1, 3.01], [1, 2, 3], tol)
    expect(m?.index).toBe(1)
    expect(m?.actual).toBe(2.1)
    expect(m?.expected).toBe(2)
  })

  it('matches NaN with NaN and infinities exactly', () => {
    expect(
      compareValues([NaN, Infinity, -Infinity], [NaN, Infinity, -Infinity], tol),
    ).toBeUndefined()
    expect(compareValues([1, Infinity], [NaN, Infinity], tol)?.index).toBe(0)
    expect(compareValues([Infinity], [-Infinity], tol)?.index).toBe(0)
    expect(compareValues([1e38], [Infinity], tol)?.index).toBe(0)
  })

  it('needs exact zeros when the whole expected tensor is zero', () => {
    expect(compareValues([0, -0], [0, 0], tol)).toBeUndefined()
    expect(compareValues([0, 1e-30], [0, 0], tol)?.index).toBe(1)
  })

  it('compares exactly with a zero tolerance', () => {
    expect(compareValues([3, 1], [3, 2], { rtol: 0, atol: 0 })?.index).toBe(1)
  })

  it('ignores infinities when scaling atol', () => {
    expect(maxMagnitude([Infinity, -3, 2, NaN])).toBe(3)
  })
})

describe('fixture values', () => {
  it('decodes the non-finite spellings', () => {
    expect(decodeValue('nan')).toBeNaN()
    expect(decodeValue('inf')).toBe(Infinity)
    expect(decodeValue('-inf')).toBe(-Infinity)
    expect(decodeValue(-2.5)).toBe(-2.5)
  })

  it('reads shortest float32 decimals back as the exact float32 values', () => {
    const [a, b] = decodeFloat32Values([0.1, 1e30])
    expect(a).toBe(Math.fround(0.1))
    expect(b).toBe(Math.fround(1e30))
    expect(new Float32Array([a])[0]).toBe(a)
  })
})
