import { describe, expect, it } from 'vitest'
import { reluBackwardImpl } from './reluBackward'

describe('reluBackwardImpl', () => {
  it('passes dy where y > 0 and zeros it elsewhere', () => {
    const out = new Float32Array(4)
    reluBackwardImpl(Float32Array.of(1, 2, 3, 4), Float32Array.of(0.5, 0, -0, 2), out)
    expect(Array.from(out)).toEqual([1, 0, 0, 4])
  })

  it('matches torch threshold_backward on NaN', () => {
    const out = new Float64Array(3)
    // NaN y passes dy through; NaN dy is dropped where y <= 0.
    reluBackwardImpl(Float64Array.of(1, NaN, NaN), Float64Array.of(NaN, 0, 1), out)
    expect(Array.from(out)).toEqual([1, 0, NaN])
  })
})
