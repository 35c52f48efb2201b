import { describe, expect, it } from 'vitest'
import { enoughReps, matmulGflops, median, summarize } from './stats'

describe('stats', () => {
  it('takes the median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(() => median([])).toThrow(/no values/)
  })

  it('summarizes repetitions', () => {
    expect(summarize([0.3, 0.1, 0.2])).toEqual({
      reps: 3,
      median: 0.2,
      min: 0.1,
      mean: expect.closeTo(0.2, 10),
    })
  })

  it('counts 2N³ flops for a square matmul', () => {
    expect(matmulGflops(1000, 2)).toBeCloseTo(1)
  })

  it('stops on time and reps together, or on the time cap alone', () => {
    const budget = { minReps: 3, minSeconds: 1, maxSeconds: 5 }
    expect(enoughReps(0, 10, budget)).toBe(false)
    expect(enoughReps(5, 0.5, budget)).toBe(false)
    expect(enoughReps(3, 1, budget)).toBe(true)
    expect(enoughReps(1, 2, budget)).toBe(false)
    expect(enoughReps(1, 6, budget)).toBe(true)
  })
})
