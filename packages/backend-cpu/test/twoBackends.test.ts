import { beforeAll, describe, expect, it } from 'vitest'
import {
  crossEntropy,
  getBackend,
  grad,
  memory,
  moveTensors_,
  setBackend,
  tensor,
  use,
} from '@othergrad/core'
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

describe('to() is differentiable, as in PyTorch', () => {
  it('sends the gradient back to the source backend, onto the leaf', async () => {
    const x = tensor([1, 2, 3], { backend: 'cpu', requiresGrad: true })
    const y = await x.to('other')
    expect(y.backend.name).toBe('other')
    expect(y.isLeaf).toBe(false)
    expect(y.gradFn?.name).toBe('ToCopyBackward')
    y.mul(y).sum().backward()
    expect(x.grad!.backend.name).toBe('cpu')
    expect(x.grad!.toArraySync()).toEqual([2, 4, 6])
    const [g] = grad(x.toSync('other').pow(3).sum(), [x], { createGraph: true })
    expect(g!.backend.name).toBe('cpu')
    const [gg] = grad(g!.sum(), [x])
    expect(gg!.toArraySync()).toEqual([6, 12, 18])
  })

  it('leaves tensors that need no gradient untracked, and casts for a dtype name', async () => {
    const y = await tensor([1, 2], { backend: 'cpu' }).to('other')
    expect(y.gradFn).toBe(null)
    expect((await y.to('float64')).dtype).toBe('float64')
    expect((await y.to('other')) === y).toBe(true)
  })
})

describe('moveTensors_ moves tensors in place', () => {
  it('keeps identity, leaf status, grads, hooks and shared storage, and frees the old storage', async () => {
    await setBackend('cpu')
    const w = tensor([1, 2], { requiresGrad: true })
    w.mul(3).sum().backward()
    const tied = w.detach()
    const before = memory().cpu.bytes
    const seen: number[][] = []
    w.registerHook((g) => void seen.push(g.toArraySync() as number[]))
    await moveTensors_([w, tied], 'other')
    expect(w.backend.name).toBe('other')
    expect(tied.backend.name).toBe('other')
    expect(w.storageRef).toBe(tied.storageRef)
    expect(w.isLeaf && w.requiresGrad).toBe(true)
    expect(w.grad!.backend.name).toBe('other')
    expect(w.grad!.toArraySync()).toEqual([3, 3])
    w.mul(w).sum().backward()
    expect(w.grad!.toArraySync()).toEqual([5, 7])
    expect(seen).toEqual([[2, 4]])
    // The cpu copies of w (shared with tied) and of its grad are freed: 2 × 8 bytes.
    expect(before - memory().cpu.bytes).toBe(16)
    for (const t of [w, tied]) t.dispose()
  })

  it('refuses to run a graph saved before the move', async () => {
    await setBackend('cpu')
    const w = tensor([1, 2], { requiresGrad: true })
    const y = w.mul(w).sum()
    await moveTensors_([w], 'other')
    expect(() => y.backward()).toThrow(/modified by an inplace operation/)
  })
})
