import { beforeAll, describe, expect, it } from 'vitest'
import { crossEntropy, getBackend, setBackend, tensor, use } from '@othergrad/core'
import { cpuBackend } from '../src/index'

// Two CPU instances stand in for any two backends: tensors live on 'cpu' while 'other' is active.
describe('ops allocate on their inputs’ backend, not the active one', () => {
  beforeAll(async () => {
    use(cpuBackend())
    use(cpuBackend({ name: 'other' }))
    await setBackend('cpu')
  })

  const onCpu = (values: number[][]) => tensor(values, { backend: 'cpu', requiresGrad: true })

  it('differentiates gather, max(dim), argmax and cross-entropy of tensors on an inactive backend', async () => {
    const x = onCpu([
      [1, 5, 2],
      [4, 0, 3],
    ])
    const index = tensor([[2], [0]], { dtype: 'int32', backend: 'cpu' })
    const labels = tensor([1, 2], { dtype: 'int32', backend: 'cpu' })
    await setBackend('other')
    const loss = x
      .gather(1, index)
      .sum()
      .add(x.max(1).values.sum())
      .add(crossEntropy(x, labels))
      .add(x.reshape(-1).select(0, 0).max(0).values)
    loss.backward()
    expect(getBackend().name).toBe('other')
    expect(x.grad!.backend.name).toBe('cpu')
    expect(x.argmax(1).backend.name).toBe('cpu')
    expect(x.reshape(-1).select(0, 0).argmax(0).backend.name).toBe('cpu')
    // d/dx of gather + rowwise max + mean CE (softmax − onehot) / 2 + x[0, 0]
    const p = [
      [Math.exp(1), Math.exp(5), Math.exp(2)],
      [Math.exp(4), 1, Math.exp(3)],
    ].map((row) => row.map((v) => v / row.reduce((a, b) => a + b)))
    const expected = [
      [1 + p[0][0] / 2, 1 + (p[0][1] - 1) / 2, 1 + p[0][2] / 2],
      [1 + 1 + p[1][0] / 2, p[1][1] / 2, (p[1][2] - 1) / 2],
    ]
    const got = x.grad!.toArraySync() as number[][]
    got.flat().forEach((v, i) => expect(v).toBeCloseTo(expected.flat()[i], 5))
    await setBackend('cpu')
  })
})
