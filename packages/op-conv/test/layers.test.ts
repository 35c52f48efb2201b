import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { cpuBackend } from '@othergrad/backend-cpu'
import { manualSeed, setBackend, tensor, use, type Tensor } from '@othergrad/core'
import { Flatten, Linear, ReLU, Sequential, type Module } from '@othergrad/nn'
import { loadFile } from '@othergrad/nn/node'
import {
  AdaptiveAvgPool2d,
  AvgPool2d,
  BatchNorm2d,
  Conv1d,
  Conv2d,
  convOps,
  Dropout2d,
  dropout2d,
  MaxPool2d,
} from '../src/index'

interface Encoded {
  shape: number[]
  data: number[]
}
interface LayerFixtures {
  init: Record<string, Encoded>[]
  keys: string[]
  x: Encoded
  evalOut: Encoded
  trainOut: Encoded
  after: Record<string, Encoded>
  grads: Record<string, Encoded>
}
const fixtures = JSON.parse(
  readFileSync(new URL('./fixtures/layers.json', import.meta.url), 'utf8'),
) as LayerFixtures

function expectClose(t: Tensor, expected: Encoded, rtol: number, what: string): void {
  expect(t.shape, what).toEqual(expected.shape)
  const got = t.dataSync()
  const scale = Math.max(...expected.data.map(Math.abs))
  expected.data.forEach((e, i) =>
    expect(Math.abs(got[i] - e), `${what} at ${i}: ${got[i]} vs ${e}`).toBeLessThanOrEqual(
      rtol * Math.abs(e) + Math.max(rtol * 1e-3 * scale, 1e-14),
    ),
  )
}

/** The fixture's network (PyTorch: Conv2d, BatchNorm2d, ReLU, MaxPool2d, Conv2d, Dropout2d, ...). */
function smallCnn(): Sequential {
  const f64 = { dtype: 'float64' } as const
  return new Sequential(
    new Conv2d(1, 4, 3, { padding: 1, ...f64 }),
    new BatchNorm2d(4, f64),
    new ReLU(),
    new MaxPool2d(2),
    new Conv2d(4, 6, 3, { stride: 2, padding: 'valid', ...f64 }),
    new Dropout2d(0),
    new AdaptiveAvgPool2d(1),
    new Flatten(),
    new Linear(6, 3, f64),
  )
}

describe("op-conv's layers", () => {
  beforeAll(async () => {
    use(cpuBackend())
    use(convOps())
    await setBackend('cpu')
  })

  it("initialise as PyTorch's do after the same seed", () => {
    manualSeed(0)
    const layers: Module[] = [
      new Conv2d(3, 4, 3),
      new Conv1d(2, 3, 2, { bias: false }),
      new Conv2d(4, 6, [2, 3], { groups: 2, stride: 2 }),
    ]
    layers.forEach((layer, i) => {
      const state = layer.stateDict()
      expect(Object.keys(state)).toEqual(Object.keys(fixtures.init[i]))
      for (const [key, value] of Object.entries(fixtures.init[i])) {
        expectClose(state[key], value, 1e-7, `layer ${i} ${key}`)
      }
    })
  })

  it("load a PyTorch state_dict saved as safetensors and compute PyTorch's outputs, running statistics and gradients", async () => {
    const model = smallCnn()
    expect(Object.keys(model.stateDict())).toEqual(fixtures.keys)
    const path = fileURLToPath(new URL('./fixtures/smallCnn.safetensors', import.meta.url))
    model.loadStateDict(await loadFile(path))
    const x = tensor(fixtures.x.data, { shape: fixtures.x.shape, dtype: 'float64' })
    model.eval()
    expectClose(model.forward(x), fixtures.evalOut, 1e-10, 'eval output')
    model.train()
    const out = model.forward(x)
    expectClose(out, fixtures.trainOut, 1e-10, 'training output')
    out.square().sum().backward()
    const state = model.stateDict()
    for (const [key, value] of Object.entries(fixtures.after))
      expectClose(state[key], value, 1e-10, key)
    for (const [name, p] of model.namedParameters())
      expectClose(p.grad!, fixtures.grads[name], 1e-9, `grad of ${name}`)
  })

  it('print as PyTorch prints them', () => {
    expect(new Conv2d(1, 32, 3).toString()).toBe('Conv2d(1, 32, kernel_size=(3, 3), stride=(1, 1))')
    expect(
      new Conv2d(4, 8, [3, 1], { stride: 2, padding: 1, groups: 2, bias: false }).toString(),
    ).toBe('Conv2d(4, 8, kernel_size=(3, 1), stride=(2, 2), padding=(1, 1), groups=2, bias=False)')
    expect(new Conv1d(16, 33, 3, { stride: 2 }).toString()).toBe(
      'Conv1d(16, 33, kernel_size=(3,), stride=(2,))',
    )
    expect(new MaxPool2d(2).toString()).toBe(
      'MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)',
    )
    expect(new AvgPool2d(3, { stride: 2 }).toString()).toBe(
      'AvgPool2d(kernel_size=3, stride=2, padding=0)',
    )
    expect(new AdaptiveAvgPool2d([null, 7]).toString()).toBe(
      'AdaptiveAvgPool2d(output_size=(None, 7))',
    )
    expect(new BatchNorm2d(4).toString()).toBe(
      'BatchNorm2d(4, eps=0.00001, momentum=0.1, affine=True, track_running_stats=True)',
    )
    expect(new Dropout2d(0.25).toString()).toBe('Dropout2d(p=0.25)')
  })

  it('Dropout2d zeroes whole channels and scales the rest; eval is the identity', () => {
    manualSeed(4)
    const x = tensor(new Float64Array(8 * 16 * 9).fill(1), {
      shape: [8, 16, 3, 3],
      dtype: 'float64',
    })
    const y = dropout2d(x, 0.25).dataSync()
    let kept = 0
    for (let plane = 0; plane < 8 * 16; plane++) {
      const values = new Set(Array.from(y.subarray(plane * 9, plane * 9 + 9)))
      expect(values.size).toBe(1)
      const [v] = values
      expect([0, 1 / 0.75]).toContain(v)
      if (v !== 0) kept++
    }
    expect(kept).toBeGreaterThan(70)
    expect(kept).toBeLessThan(120)
    const layer = new Dropout2d(0.5)
    layer.eval()
    expect(layer.forward(x)).toBe(x)
  })

  it('explain bad arguments', () => {
    expect(() => new Conv2d(3, 4, 3, { groups: 2 })).toThrow(
      'Conv2d: in_channels must be divisible by groups',
    )
    expect(() => new Conv2d(4, 4, 0)).toThrow('Conv2d: kernel_size should be greater than zero')
    expect(() => new Conv2d(4, 4, 3, { paddingMode: 'reflect' as 'zeros' })).toThrow(
      "padding_mode 'reflect' is not supported",
    )
    expect(() => new BatchNorm2d(4).forward(tensor([1, 2]))).toThrow(
      'BatchNorm2d: expected 4D input (got 1D input of size [2])',
    )
    expect(() =>
      new Conv2d(3, 4, 3).forward(tensor(new Float32Array(2 * 5 * 5 * 5), { shape: [2, 5, 5, 5] })),
    ).toThrow(
      'conv2d: Given groups=1, weight of size [4, 3, 3, 3], expected input[2, 5, 5, 5] to have 3 channels, but got 5 channels instead',
    )
  })
})
