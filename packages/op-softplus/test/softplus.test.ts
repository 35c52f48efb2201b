import { beforeAll, describe, expect, it } from 'vitest'
import {
  defineOp,
  getBackend,
  gradcheck,
  gradgradcheck,
  grad,
  setBackend,
  tensor,
  Tensor,
  use,
  type Kernel,
} from '@othergrad/core'
import { cpuBackend } from '@othergrad/backend-cpu'
import { softplus, softplusOps } from '../src/index'
import {
  BETA2,
  EXPECTED,
  EXPECTED_GRAD,
  EXPECTED_GRAD2,
  X,
  close,
  countKernelCalls,
} from './reference'

describe('softplus (an operator package core does not know about)', () => {
  beforeAll(async () => {
    use(cpuBackend())
    await setBackend('cpu')
  })

  it('matches PyTorch through the composite, before its kernels are used', () => {
    expect(getBackend().kernels.has('softplus')).toBe(false)
    const x = tensor(X, { dtype: 'float64', requiresGrad: true })
    const y = softplus(x)
    close(y.dataSync(), EXPECTED)
    y.sum().backward()
    close(x.grad!.dataSync(), EXPECTED_GRAD)
    close(softplus(tensor([-1, 0, 1], { dtype: 'float64' }), 2).dataSync(), BETA2)
  })

  it('adds x.softplus() to Tensor only through use()', () => {
    expect('softplus' in Tensor.prototype).toBe(false)
    use(softplusOps())
    const x = tensor(X, { dtype: 'float64' })
    close(x.softplus().dataSync(), EXPECTED)
  })

  it('runs its own CPU kernel and differentiates it with the same rule', () => {
    use(softplusOps()) // a second use() changes nothing
    const counter = countKernelCalls()
    const x = tensor(X, { dtype: 'float64', requiresGrad: true })
    const y = softplus(x)
    expect(counter.calls).toBe(1)
    expect(y.gradFn?.name).toBe('SoftplusBackward')
    close(y.dataSync(), EXPECTED)
    const [dx] = grad(y.sum(), [x], { createGraph: true })
    close(dx!.dataSync(), EXPECTED_GRAD)
    const [d2] = grad(dx!.sum(), [x])
    close(d2!.dataSync(), EXPECTED_GRAD2, 1e-9)
    const f32 = softplus(tensor(X), 2, 10)
    expect(counter.calls).toBe(2) // the backward rule uses sigmoid, not softplus
    close(
      f32.dataSync(),
      X.map((v) => (2 * v > 10 ? v : Math.log1p(Math.exp(2 * v)) / 2)),
      1e-6,
    )
  })

  it('computes only the elements of a view that shares a longer storage', () => {
    const counter = countKernelCalls()
    const t = tensor(X.concat(X), { dtype: 'float64' })
    const bytes = getBackend().memory().bytes
    // The leading 7 of 14: a view kernels read in place (row-major from the storage's start).
    const y = softplus(t.narrow(0, 0, 7))
    expect(counter.calls).toBe(1)
    expect(getBackend().memory().bytes - bytes).toBe(7 * 8)
    close(y.dataSync(), EXPECTED)
  })

  it('passes gradcheck and gradgradcheck', () => {
    const x = tensor([-3, -0.5, 0.2, 1.7, 4], { dtype: 'float64', requiresGrad: true })
    expect(gradcheck((a) => softplus(a, 1.5), [x])).toBe(true)
    expect(gradgradcheck((a) => softplus(a), [x])).toBe(true)
  })

  it('gives a backend registered under another name the kernels of its kind', async () => {
    use(cpuBackend({ name: 'ref' }))
    await setBackend('ref')
    try {
      expect(getBackend().kernels.ownerOf('softplus')).toBe('@othergrad/op-softplus')
      const counter = countKernelCalls()
      close(softplus(tensor(X, { dtype: 'float64' })).dataSync(), EXPECTED)
      expect(counter.calls).toBe(1)
    } finally {
      await setBackend('cpu')
    }
  })

  it('rejects non-float input with the op name', () => {
    expect(() => softplus(tensor([1, 2], { dtype: 'int32' }))).toThrow(
      /softplus: expected a floating point input, got int32/,
    )
  })
})

describe('registration that cannot go silently wrong', () => {
  const kernel: Kernel<null> = () => undefined

  it('refuses a second package defining an op of the same name, naming both', () => {
    expect(() =>
      defineOp({ name: 'softplus', package: '@acme/op-softplus', composite: ([x]) => x }),
    ).toThrow(
      "defineOp: op 'softplus' is already defined by '@othergrad/op-softplus'; '@acme/op-softplus' cannot define it again",
    )
  })

  it('refuses a kernel for an op nobody defined, suggesting the close one', () => {
    expect(() =>
      use({
        kind: 'ops',
        name: '@acme/typo',
        kernels: [{ op: 'sofplus', backend: 'cpu', kernel }],
      }),
    ).toThrow(
      /use: @acme\/typo's kernel 0 is for op 'sofplus', which no package has defined; did you mean 'softplus'\?/,
    )
  })

  it('refuses a kernel for a backend kind that does not exist', () => {
    expect(() =>
      use({
        kind: 'ops',
        name: '@acme/typo',
        kernels: [{ op: 'softplus', backend: 'wsam', kernel }],
      }),
    ).toThrow(/backend kind 'wsam', which does not exist; did you mean 'wasm'\?/)
  })

  it('refuses a second kernel for an op and kind, naming both packages', () => {
    expect(() =>
      use({
        kind: 'ops',
        name: '@acme/faster',
        kernels: [{ op: 'softplus', backend: 'cpu', kernel }],
      }),
    ).toThrow(
      "use: op 'softplus' already has a 'cpu' kernel from '@othergrad/op-softplus'; '@acme/faster' cannot add another",
    )
  })

  it("refuses to replace a backend's own kernel or a core method", () => {
    expect(() =>
      use({ kind: 'ops', name: '@acme/add', kernels: [{ op: 'add', backend: 'cpu', kernel }] }),
    ).toThrow(
      "use: op 'add' already has a kernel on backend 'cpu' (from '@othergrad/backend-cpu'); '@acme/add' cannot add another",
    )
    expect(() => use({ kind: 'ops', name: '@acme/methods', methods: { relu: () => 0 } })).toThrow(
      "use: Tensor method 'relu' is already defined by '@othergrad/core'; '@acme/methods' cannot redefine it",
    )
  })
})
