import { checkOptionKeys, defineOp, Tensor, type OpFn } from '@othergrad/core'

/** The npm name of this package: named in errors, kernel tables and shader cache keys. */
export const PACKAGE = '@acme/op-gelu'

/** `gelu`'s attribute: PyTorch's `approximate`, the exact erf form or the tanh approximation. */
export interface GeluAttrs {
  approximate: 'none' | 'tanh'
}

/** `gelu`'s options, as in `F.gelu(input, approximate='none')`. */
export interface GeluOptions {
  /** `'none'` (default): x·Φ(x) with the normal CDF Φ; `'tanh'`: 0.5x(1 + tanh(√(2/π)(x + 0.044715x³))). */
  approximate?: 'none' | 'tanh'
}

const K = Math.sqrt(2 / Math.PI)
const A = 0.044715
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI)

// Kernels only (no composite: core has no erf): cpu, wasm and webgpu backends all get one.
const geluOp = defineOp<GeluAttrs>({
  name: 'gelu',
  package: PACKAGE,
  save: ([x]) => [x],
  // d gelu/dx = Φ(x) + x·φ(x): the fused geluBackward kernel computes dy · gelu'(x) in one pass.
  backward: ({ saved: [x], attrs }, dy) => [geluBackwardOp([dy!, x], attrs)],
})

// PyTorch's gelu_backward(grad, self, approximate): dy · gelu'(x), differentiable in turn.
// (Typed by hand: its backward calls it, which TypeScript cannot infer through.)
const geluBackwardOp: OpFn<GeluAttrs> = defineOp<GeluAttrs>({
  name: 'geluBackward',
  package: PACKAGE,
  save: ([dy, x], _outputs, needsInputGrad) => (needsInputGrad[1] ? [x, dy] : [x]),
  // d/d(dy) is gelu'(x) again; d/dx = dy · gelu''(x), written with core ops.
  backward: ({ saved: [x, dy], attrs, needsInputGrad }, g) => [
    needsInputGrad[0] ? geluBackwardOp([g!, x], attrs) : null,
    needsInputGrad[1] ? g!.mul(dy).mul(secondDerivative(x, attrs.approximate)) : null,
  ],
})

/**
 * gelu''(x). Exact: φ(x)(2 - x²), φ the normal density. tanh: with u = K(x + Ax³),
 * s = σ(2u), q = s(1 - s): q(4u' + 4x(1 - 2s)u'² + 12KAx²), u' = K(1 + 3Ax²).
 */
function secondDerivative(x: Tensor, approximate: GeluAttrs['approximate']): Tensor {
  const x2 = x.square()
  if (approximate === 'none') return x2.mul(-0.5).exp().mul(INV_SQRT_2PI).mul(x2.neg().add(2))
  const s = x
    .add(x2.mul(x).mul(A))
    .mul(2 * K)
    .sigmoid()
  const q = s.mul(s.neg().add(1))
  const du = x2
    .mul(3 * A)
    .add(1)
    .mul(K)
  const curve = x.mul(s.mul(-2).add(1)).mul(du.square()).mul(4)
  return q.mul(
    du
      .mul(4)
      .add(curve)
      .add(x2.mul(12 * K * A)),
  )
}

/**
 * The Gaussian Error Linear Unit, like `F.gelu`: `x·Φ(x)`, or with `approximate: 'tanh'`
 * `0.5x(1 + tanh(√(2/π)(x + 0.044715x³)))`. Float32 and float64 (float32 only on webgpu).
 *
 * @example
 * gelu(x) // F.gelu(x)
 * gelu(x, { approximate: 'tanh' }) // F.gelu(x, approximate='tanh')
 * x.gelu() // after use(geluOps())
 */
export function gelu(input: Tensor, options: GeluOptions = {}): Tensor {
  if (!(input instanceof Tensor)) {
    throw new Error(`gelu: argument 'input' must be a Tensor, got ${typeof input}`)
  }
  checkOptionKeys('gelu', options, ['approximate'])
  const approximate = options.approximate ?? 'none'
  if (approximate !== 'none' && approximate !== 'tanh') {
    throw new Error(`gelu: approximate must be 'none' or 'tanh', got '${String(approximate)}'`)
  }
  if (input.dtype !== 'float32' && input.dtype !== 'float64') {
    throw new Error(`gelu: expected a floating point input, got ${input.dtype}`)
  }
  // Without this, core's own message ("no kernel ... and no composite") would not say the fix.
  if (!input.backend.kernels.has('gelu')) {
    throw new Error(
      `gelu: backend '${input.backend.name}' has no gelu kernel; call use(geluOps()) first (kernels for cpu, wasm and webgpu backends)`,
    )
  }
  return geluOp([input], { approximate })
}
