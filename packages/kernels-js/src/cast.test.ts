import { describe, expect, it } from 'vitest'
import { castImpl } from './cast'

describe('castImpl', () => {
  it('truncates floats toward zero into int32', () => {
    const out = new Int32Array(6)
    castImpl(Float64Array.of(2.7, -2.7, 0.5, -0.5, 1e3, NaN), out, 'int32')
    expect(Array.from(out)).toEqual([2, -2, 0, 0, 1000, -2147483648])
  })

  it('gives INT_MIN for NaN, infinities and out-of-range floats, as torch on x86 does', () => {
    const xs = [NaN, Infinity, -Infinity, 3e9, -3e9, 2 ** 31, -(2 ** 31), 2 ** 31 - 1, 2 ** 32 + 5]
    const f64 = new Int32Array(xs.length)
    castImpl(Float64Array.from(xs), f64, 'int32')
    const min = -2147483648
    expect(Array.from(f64)).toEqual([min, min, min, min, min, min, min, 2 ** 31 - 1, min])
    const f32 = new Int32Array(4)
    castImpl(Float32Array.of(NaN, 2147483520, -2147483648, 2147483648), f32, 'int32')
    expect(Array.from(f32)).toEqual([min, 2147483520, min, min])
    castImpl(Float64Array.of(-2147483648.5, 2147483647.9, -0.9, 0.9), f32, 'int32')
    expect(Array.from(f32)).toEqual([min, 2147483647, 0, 0])
  })

  it('maps anything to bool as != 0, NaN included', () => {
    const out = new Uint8Array(5)
    castImpl(Float32Array.of(0, -0, 0.1, NaN, 256), out, 'bool')
    expect(Array.from(out)).toEqual([0, 0, 1, 1, 1])
    const fromInt = new Uint8Array(2)
    castImpl(Int32Array.of(256, 0), fromInt, 'bool')
    expect(Array.from(fromInt)).toEqual([1, 0])
  })

  it('rounds float64 to float32 and widens back exactly', () => {
    const f32 = new Float32Array(1)
    castImpl(Float64Array.of(0.1), f32, 'float32')
    expect(f32[0]).toBe(Math.fround(0.1))
    const f64 = new Float64Array(1)
    castImpl(f32, f64, 'float64')
    expect(f64[0]).toBe(Math.fround(0.1))
  })

  it('turns bools and ints into floats', () => {
    const out = new Float32Array(3)
    castImpl(Uint8Array.of(1, 0, 1), out, 'float32')
    expect(Array.from(out)).toEqual([1, 0, 1])
    castImpl(Int32Array.of(-7, 3, 2 ** 30), out, 'float32')
    expect(Array.from(out)).toEqual([-7, 3, 2 ** 30])
  })

  it('reads only as many elements as the output holds', () => {
    const out = new Float64Array(2)
    castImpl(Int32Array.of(1, 2, 3), out, 'float64')
    expect(Array.from(out)).toEqual([1, 2])
  })
})
