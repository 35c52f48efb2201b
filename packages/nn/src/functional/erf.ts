import { defineOp, tidy, where, type Tensor } from '@othergrad/core'

// erf(x) = x·P(x²) for |x| < 0.5: the Taylor series 2/√π Σ (-1)ⁿ x²ⁿ / (n!(2n+1)).
const SMALL = [
  1.1283791670955126, -0.37612638903183754, 0.11283791670955126, -0.026866170645131252,
  0.005223977625442188, -0.0008548327023450853, 0.00012055332981789664, -1.492565035840625e-5,
  1.6462114365889248e-6, -1.6365844691234924e-7, 1.4807192815879218e-8, -1.2290555301717928e-9,
  9.422759064650411e-11,
]

// erfc(a) = t·exp(-a² + h(t)) with t = 2/(2+a) for 0.5 ≤ a ≤ 6, h a degree-18 polynomial in
// s = (t - 0.525)/0.275 fitted at Chebyshev nodes (max relative error of erf ≈ 4e-16 in float64).
// Past 6, erfc < 2e-17 and erf rounds to ±1.
const LARGE = [
  -0.6380494854628526, 0.3723616490332801, 0.012152046819101365, -0.008093418710769719,
  -0.0006964353517194951, 0.0004644792212211845, 2.587000569555592e-5, -3.570761651324314e-5,
  1.1974017390618637e-6, 2.7859555265715447e-6, -4.480151654840175e-7, -1.7648138146559194e-7,
  6.534196878321703e-8, 4.823008754718483e-9, -6.454264123685534e-9, 6.550776094924025e-10,
  4.1408620820630365e-10, -8.913827720267768e-11, -1.1775524808794615e-11,
]

function horner(x: Tensor, coefficients: readonly number[]): Tensor {
  let p = x.mul(coefficients[coefficients.length - 1]).add(coefficients[coefficients.length - 2])
  for (let k = coefficients.length - 3; k >= 0; k--) p = p.mul(x).add(coefficients[k])
  return p
}

function erfComposite(x: Tensor): Tensor {
  return tidy(() => {
    const small = x.mul(horner(x.square(), SMALL))
    // Clamping keeps the branch that `where` discards finite.
    const a = x.abs().clamp(0.5, 6)
    const t = a.add(2).reciprocal().mul(2)
    const h = horner(t.sub(0.525).div(0.275), LARGE)
    const erfc = t.mul(h.sub(a.square()).exp())
    const large = x.sign().mul(erfc.neg().add(1))
    return where(x.abs().lt(0.5), small, large)
  })
}

const erfOp = defineOp<null>({
  name: 'erf',
  package: '@othergrad/nn',
  // A composite, run as this op's forward so the gradient is the exact derivative below; a
  // package can add a native 'erf' kernel for a backend kind with use().
  composite: ([x]) => erfComposite(x),
  save: ([x]) => [x],
  // d erf(x)/dx = 2/√π · exp(-x²)
  backward: ({ saved: [x] }, dy) => [
    dy!.mul(
      x
        .square()
        .neg()
        .exp()
        .mul(2 / Math.sqrt(Math.PI)),
    ),
  ],
})

/**
 * The error function, like `torch.erf` (floating inputs).
 *
 * @example
 * erf(tensor([0, 0.5, 1])) // [0, 0.5205, 0.8427]
 */
export function erf(x: Tensor): Tensor {
  if (x.dtype !== 'float32' && x.dtype !== 'float64') {
    throw new Error(`erf: expected a floating point input, got ${x.dtype}`)
  }
  return erfOp([x], null)
}
