import { describe, expect, it } from 'vitest'
import { resultType } from './dtype'

const t = (dtype: 'float32' | 'float64' | 'int32' | 'bool', ndim = 1) => ({ dtype, ndim })

// Each expectation was checked against torch.result_type (int64 in PyTorch is int32 here).
describe('type promotion', () => {
  it('gives the default float for an int tensor and a float scalar', () => {
    expect(resultType([t('int32'), 2.5])).toBe('float32')
  })

  it('lets a 0-d tensor of a higher category decide', () => {
    expect(resultType([t('int32'), t('float64', 0)])).toBe('float64')
    expect(resultType([t('int32', 0), t('float32')])).toBe('float32')
  })

  it('keeps the dimensioned tensor within one category', () => {
    expect(resultType([t('float32'), t('float64', 0)])).toBe('float32')
    expect(resultType([t('float32'), t('float64')])).toBe('float64')
  })

  it('treats booleans as the lowest category', () => {
    expect(resultType([t('bool'), 1])).toBe('int32')
    expect(resultType([t('bool'), true])).toBe('bool')
    expect(resultType([t('int32'), true])).toBe('int32')
  })
})
