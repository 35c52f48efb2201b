import { beforeAll, describe, expect, it } from 'vitest'
import {
  gradcheck,
  gradgradcheck,
  grad,
  setBackend,
  tensor,
  use,
  type OpKernel,
} from '@othergrad/core'
import { cpuBackend } from '@othergrad/backend-cpu'
import { softplus, softplusOps } from '../src/index'
import { softplusCpu } from '../src/kernels/cpu/softplus'

// Values from torch.nn.functional.softplus (float64).
const X = [-30, -1, 0, 1, 2.5, 19.9, 25]
const EXPECTED = [
  9.357622968839737e-14, 0.31326168751822286, 0.6931471805599453, 1.3132616875182228,
  2.5788897342925496, 19.900000002277924, 25,
]
const EXPECTED_GRAD = [
  9.3576229688393e-14, 0.2689414213699951, 0.5, 0.7310585786300049, 0.9241418199787564,
  0.9999999977220729, 1,
]
const EXPECTED_GRAD2 = [
  9.357622968838423e-14, 0.19661193324148185, 0.25, 0.19661193324148185, 0.07010371654510807,
  2.2779269529829097e-9, 0,
]
// softplus(x, beta=2) for x = [-1, 0, 1]
const BETA2 = [0.06346400552148625, 0.34657359027997264, 1.0634640055214863]

function close(actual: ArrayLike<number>, expected: readonly number[], rtol = 1e-13): void {
  expected.forEach((e, i) =>
    expect(Math.abs(actual[i] - e)).toBeLessThanOrEqual(rtol * Math.abs(e) + 1e-300),
  )
}

describe('softplus (an operator package core does not know about)', () => {
  beforeAll(async () => {
    use(cpuBackend())
    await setBackend('cpu')
  })

  it('matches PyTorch through the composite, on any backend', () => {
    const x = tensor(X, { dtype: 'float64', requiresGrad: true })
    const y = softplus(x)
    close(y.dataSync(), EXPECTED)
    y.sum().backward()
    close(x.grad!.dataSync(), EXPECTED_GRAD)
    close(softplus(tensor([-1, 0, 1], { dtype: 'float64' }), 2).dataSync(), BETA2)
  })

  it('adds x.softplus() to Tensor', () => {
    const x = tensor(X, { dtype: 'float64' })
    close(x.softplus().dataSync(), EXPECTED)
  })

  it('passes gradcheck and gradgradcheck', () => {
    const x = tensor([-3, -0.5, 0.2, 1.7, 4], { dtype: 'float64', requiresGrad: true })
    expect(gradcheck((a) => softplus(a, 1.5), [x])).toBe(true)
    expect(gradgradcheck((a) => softplus(a), [x])).toBe(true)
  })

  it('runs the registered CPU kernel and differentiates it with the same rule', () => {
    let calls = 0
    const counting: OpKernel<never> = (inputs, attrs, backend) => {
      calls++
      return (softplusCpu as OpKernel<never>)(inputs, attrs, backend)
    }
    use({ kind: 'ops', kernels: [{ op: 'softplus', backend: 'cpu', kernel: counting }] })
    const x = tensor(X, { dtype: 'float64', requiresGrad: true })
    const y = softplus(x)
    expect(calls).toBe(1)
    expect(y.gradFn?.name).toBe('SoftplusBackward')
    close(y.dataSync(), EXPECTED)
    const [dx] = grad(y.sum(), [x], { createGraph: true })
    close(dx!.dataSync(), EXPECTED_GRAD)
    const [d2] = grad(dx!.sum(), [x])
    close(d2!.dataSync(), EXPECTED_GRAD2, 1e-9)
    use(softplusOps())
  })

  it('rejects non-float input with the op name', () => {
    expect(() => softplus(tensor([1, 2], { dtype: 'int32' }))).toThrow(
      /softplus: expected a floating point input, got int32/,
    )
  })
})
