import { describe, expect, it } from 'vitest'
import { adamStepImpl } from './adamStep'

// Step 2 with β1 = 0.5, β2 = 0.6: bias corrections 1 − 0.5² = 0.75 and 1 − 0.6² = 0.64, so the
// step size is lr / 0.75 = 0.4 and denom = sqrt(v) / 0.8 + eps.
const base = {
  lr: 0.3,
  beta1: 0.5,
  beta2: 0.6,
  eps: 0,
  weightDecay: 0,
  amsgrad: false,
  maximize: false,
  decoupledWeightDecay: false,
  step: 2,
}

const f64 = (...v: number[]) => Float64Array.from(v)

function expectValues(actual: ArrayLike<number>, want: number[], digits = 12): void {
  expect(actual.length).toBe(want.length)
  want.forEach((w, i) => expect(actual[i], `element ${i}`).toBeCloseTo(w, digits))
}

describe('adamStepImpl', () => {
  it('updates the moments and takes the bias-corrected step', () => {
    // m = 0.5·(±1) + 0.5·(±2) = ±1.5; v = 0.6·4 + 0.4·4 = 4; denom = 2 / 0.8 = 2.5;
    // p −= 0.4·(±1.5) / 2.5 = ±0.24.
    const p = f64(1, 0)
    const m = f64(1, -1)
    const v = f64(4, 4)
    adamStepImpl(p, f64(2, -2), m, v, null, base)
    expectValues(m, [1.5, -1.5])
    expectValues(v, [4, 4])
    expectValues(p, [0.76, 0.24])
  })

  it('adds eps to the bias-corrected root', () => {
    // denom = 2.5 + 0.5 = 3; p = 1 − 0.4·1.5 / 3 = 0.8
    const p = f64(1)
    adamStepImpl(p, f64(2), f64(1), f64(4), null, { ...base, eps: 0.5 })
    expectValues(p, [0.8])
  })

  it('moves each element by lr on the first step', () => {
    // β1 = 0.5, β2 = 0.75, step 1: m = 0.5 g, v = 0.25 g², bc1 = 0.5, sqrt(bc2) = 0.5, so
    // p −= (0.3 / 0.5)·0.5 g / (0.5 |g| / 0.5) = 0.3·sign(g).
    const p = f64(1, 1)
    const m = f64(0, 0)
    const v = f64(0, 0)
    adamStepImpl(p, f64(2, -0.5), m, v, null, { ...base, beta2: 0.75, step: 1 })
    expectValues(m, [1, -0.25])
    expectValues(v, [1, 0.0625])
    expectValues(p, [0.7, 1.3])
  })

  it('negates the gradient when maximizing', () => {
    // g = −(−2) = 2: the same step as the first test.
    const p = f64(1)
    const m = f64(1)
    adamStepImpl(p, f64(-2), m, f64(4), null, { ...base, maximize: true })
    expectValues(m, [1.5])
    expectValues(p, [0.76])
  })

  it('adds weightDecay·param to the (negated) gradient for Adam', () => {
    // p = 2, wd = 0.5: g = 1 + 0.5·2 = 2, and with maximize g = −(−1) + 1 = 2; m = 1.5,
    // v = 4, so p = 2 − 0.24 = 1.76 either way.
    for (const [grad, maximize] of [
      [1, false],
      [-1, true],
    ] as const) {
      const p = f64(2)
      const m = f64(1)
      const v = f64(4)
      adamStepImpl(p, f64(grad), m, v, null, { ...base, weightDecay: 0.5, maximize })
      expectValues(m, [1.5])
      expectValues(v, [4])
      expectValues(p, [1.76])
    }
  })

  it('decays the weights directly for AdamW, leaving the gradient alone', () => {
    // p = 2·(1 − 0.3·0.5) = 1.7; g = 2 stays 2, so m = 1.5, v = 4 and p = 1.7 − 0.24 = 1.46.
    const p = f64(2)
    const m = f64(1)
    adamStepImpl(p, f64(2), m, f64(4), null, {
      ...base,
      weightDecay: 0.5,
      decoupledWeightDecay: true,
    })
    expectValues(m, [1.5])
    expectValues(p, [1.46])
  })

  it('divides by the running maximum of v with AMSGrad', () => {
    // v = 4 for both; max(9, 4) = 9 gives denom 3 / 0.8 = 3.75 and p = 1 − 0.6 / 3.75 = 0.84;
    // max(1, 4) = 4 gives the plain step, p = 0.76. v itself is not replaced by the maximum.
    const p = f64(1, 1)
    const v = f64(4, 4)
    const vMax = f64(9, 1)
    adamStepImpl(p, f64(2, 2), f64(1, 1), v, vMax, { ...base, amsgrad: true })
    expectValues(vMax, [9, 4])
    expectValues(v, [4, 4])
    expectValues(p, [0.84, 0.76])
  })

  it('leaves the maximum buffer alone without AMSGrad', () => {
    const vMax = f64(9)
    adamStepImpl(f64(1), f64(2), f64(1), f64(4), vMax, base)
    expectValues(vMax, [9])
  })

  it('stores float32 results rounded to float32', () => {
    const p = Float32Array.of(1, 0)
    const m = Float32Array.of(1, -1)
    const v = Float32Array.of(4, 4)
    adamStepImpl(p, Float32Array.of(2, -2), m, v, null, base)
    expectValues(m, [1.5, -1.5])
    expectValues(v, [4, 4], 6)
    expectValues(p, [Math.fround(0.76), Math.fround(0.24)], 7)
  })
})
