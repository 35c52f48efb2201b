import { describe, expect, it } from 'vitest'
import { sgdStepImpl } from './sgdStep'

const base = {
  lr: 0.1,
  momentum: 0.9,
  dampening: 0,
  weightDecay: 0,
  nesterov: false,
  maximize: false,
  firstStep: false,
}

describe('sgdStepImpl', () => {
  it('applies plain SGD with weight decay: p -= lr (g + wd p)', () => {
    const p = new Float64Array([1, -2])
    sgdStepImpl(p, new Float64Array([0.5, 0.25]), null, { ...base, momentum: 0, weightDecay: 0.1 })
    expect(Array.from(p)).toEqual([1 - 0.1 * (0.5 + 0.1), -2 - 0.1 * (0.25 - 0.2)])
  })

  it('starts the buffer at d, then keeps momentum with dampening', () => {
    const p = new Float64Array([1])
    const buf = new Float64Array([123])
    sgdStepImpl(p, new Float64Array([2]), buf, { ...base, firstStep: true, dampening: 0.5 })
    expect(buf[0]).toBe(2)
    expect(p[0]).toBe(1 - 0.1 * 2)
    sgdStepImpl(p, new Float64Array([4]), buf, { ...base, dampening: 0.5 })
    expect(buf[0]).toBe(0.9 * 2 + 0.5 * 4)
    expect(p[0]).toBe(1 - 0.1 * 2 - 0.1 * (0.9 * 2 + 0.5 * 4))
  })

  it('steps along d + m buf with Nesterov, and ascends when maximizing', () => {
    const p = new Float64Array([0])
    const buf = new Float64Array([1])
    sgdStepImpl(p, new Float64Array([3]), buf, { ...base, nesterov: true, maximize: true })
    const b = 0.9 * 1 - 3
    expect(buf[0]).toBe(b)
    expect(p[0]).toBe(-0.1 * (-3 + 0.9 * b))
  })
})
