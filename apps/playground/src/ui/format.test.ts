import { describe, expect, it } from 'vitest'
import { formatCount, formatDuration, formatPercent, positiveIntParam } from './format'

describe('formatting', () => {
  it('writes durations, counts and percentages', () => {
    expect(formatDuration(12.4)).toBe('12s')
    expect(formatDuration(65)).toBe('1m 05s')
    expect(formatDuration(7380)).toBe('2h 03m')
    expect(formatDuration(Infinity)).toBe('–')
    expect(formatCount(12345.6)).toBe('12,346')
    expect(formatPercent(0.93412)).toBe('93.41%')
  })

  it('reads the slice parameters, rejecting what is not a positive integer', () => {
    const params = new URLSearchParams('train=6000&test=0')
    expect(positiveIntParam(params, 'train')).toBe(6000)
    expect(positiveIntParam(params, 'missing')).toBeUndefined()
    expect(() => positiveIntParam(params, 'test')).toThrow(
      "URL parameter 'test': expected a positive integer, got '0'",
    )
  })
})
