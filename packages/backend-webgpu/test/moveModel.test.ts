import { beforeAll, describe, expect, it } from 'vitest'
import { crossEntropy, manualSeed, setBackend, use, type Tensor } from '@othergrad/core'
import { cpuBackend } from '@othergrad/backend-cpu'
import { wasmBackend } from '@othergrad/backend-wasm'
import { Linear, ReLU, Sequential } from '@othergrad/nn'
import { Adam, SGD, type Optimizer } from '@othergrad/optim'
import { blobs } from '@othergrad/test-utils'
import { nodeWebgpuBackend } from '../src/node'

// A model trained on cpu, moved to wasm and then to webgpu mid-training with `await model.to()`,
// its optimizer untouched, follows the all-cpu run's loss curve.
describe('moving a model between backends mid-training', () => {
  beforeAll(async () => {
    use(cpuBackend())
    use(wasmBackend())
    use(nodeWebgpuBackend())
    await setBackend('wasm')
    await setBackend('webgpu')
    await setBackend('cpu')
  })

  async function losses(
    makeOptimizer: (params: Tensor[]) => Optimizer,
    route: Record<number, string>,
  ): Promise<{ losses: number[]; backends: string[] }> {
    await setBackend('cpu')
    manualSeed(0)
    const data = await blobs(96, 2, 0.6)
    const model = new Sequential(new Linear(2, 32), new ReLU(), new Linear(32, 3))
    const optimizer = makeOptimizer(model.parameters())
    let { x, y } = data
    const out: number[] = []
    const backends: string[] = []
    for (let step = 0; step < 45; step++) {
      const to = route[step]
      if (to !== undefined) {
        await model.to(to)
        ;[x, y] = [await x.to(to), await y.to(to)]
      }
      optimizer.zeroGrad()
      const loss = crossEntropy(model.forward(x), y)
      loss.backward()
      optimizer.step()
      out.push(await loss.item())
      backends.push(model.parameters()[0].backend.name)
    }
    return { losses: out, backends }
  }

  for (const [name, make] of [
    [
      'SGD with Nesterov momentum',
      (p: Tensor[]) => new SGD(p, { lr: 0.1, momentum: 0.9, nesterov: true }),
    ],
    ['Adam', (p: Tensor[]) => new Adam(p, { lr: 0.01 })],
  ] as const) {
    it(`trains with ${name}: cpu, then wasm, then webgpu, like all-cpu within float32 tolerance`, async () => {
      const reference = await losses(make, {})
      const moved = await losses(make, { 15: 'wasm', 30: 'webgpu' })
      expect(moved.backends.slice(14, 16)).toEqual(['cpu', 'wasm'])
      expect(moved.backends.slice(29, 31)).toEqual(['wasm', 'webgpu'])
      expect(reference.losses[44]).toBeLessThan(reference.losses[0] / 2)
      for (let i = 0; i < reference.losses.length; i++) {
        const want = reference.losses[i]
        expect(Math.abs(moved.losses[i] - want), `step ${i}`).toBeLessThanOrEqual(
          1e-4 * Math.max(1, want),
        )
      }
    })
  }

  it('moves the model back from webgpu, optimizer state included, and keeps training', async () => {
    const back = await losses((p) => new Adam(p, { lr: 0.01 }), { 10: 'webgpu', 20: 'cpu' })
    const reference = await losses((p) => new Adam(p, { lr: 0.01 }), {})
    expect(back.backends[44]).toBe('cpu')
    for (let i = 0; i < 45; i++)
      expect(Math.abs(back.losses[i] - reference.losses[i])).toBeLessThan(1e-4)
  })

  it('sends a gradient from webgpu back to cpu as a clear error, not to the wrong backend', async () => {
    await setBackend('cpu')
    const w = new Linear(2, 3).weight
    const onGpu = await w.to('webgpu')
    expect(onGpu.gradFn?.name).toBe('ToCopyBackward')
    expect(() => onGpu.sum().backward()).toThrow(
      "ToCopyBackward: the gradient of a tensor moved from 'cpu' must come back from 'webgpu', which cannot be read during backward",
    )
    const gpuLeaf = (await w.to('webgpu')).detach().requiresGrad_()
    gpuLeaf.sum().backward()
    expect(gpuLeaf.grad!.backend.name).toBe('webgpu')
    // The other way a gradient comes home: webgpu accepts synchronous writes.
    const leaf = (await w.to('webgpu')).detach().requiresGrad_()
    const onCpu = await leaf.to('cpu')
    onCpu.mul(2).sum().backward()
    expect(leaf.grad!.backend.name).toBe('webgpu')
    expect(Array.from(await leaf.grad!.data())).toEqual([2, 2, 2, 2, 2, 2])
  })
})
