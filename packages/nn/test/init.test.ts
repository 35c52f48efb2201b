import { describe, expect, it } from 'vitest'
import { manualSeed, zeros, type Tensor } from '@othergrad/core'
import { Embedding, functional as F, init, Linear, type Nonlinearity } from '../src/index'
import { decode, expectClose, fixture, type Encoded } from './helpers'
import { useCpu } from './setup'

await useCpu()

interface InitCase {
  name: string
  fn: string
  seed: number
  dtype: 'float32' | 'float64'
  args?: number[]
  bias?: boolean
  paddingIdx?: number | null
  shape?: number[]
  kwargs?: Record<string, number | string>
  expected: Encoded | Record<string, Encoded>
}

interface DropoutCase {
  name: string
  p: number
  seed: number
  input: Encoded
  output: Encoded
  gradOutput: Encoded
  gradInput: Encoded
}

const { cases, gains, dropout } = fixture<{
  cases: InitCase[]
  gains: { nonlinearity: Nonlinearity; param: number | null; gain: number }[]
  dropout: DropoutCase[]
}>('init.json')

function runInit(c: InitCase, t: Tensor): void {
  const k = c.kwargs ?? {}
  const n = (key: string) => k[key] as number | undefined
  const kaiming = {
    a: n('a'),
    mode: k.mode as init.FanMode | undefined,
    nonlinearity: k.nonlinearity as Nonlinearity | undefined,
  }
  switch (c.fn) {
    case 'uniform_':
      return void init.uniform_(t, n('a'), n('b'))
    case 'normal_':
      return void init.normal_(t, n('mean'), n('std'))
    case 'xavier_uniform_':
      return void init.xavierUniform_(t, n('gain'))
    case 'xavier_normal_':
      return void init.xavierNormal_(t, n('gain'))
    case 'kaiming_uniform_':
      return void init.kaimingUniform_(t, kaiming)
    case 'kaiming_normal_':
      return void init.kaimingNormal_(t, kaiming)
    case 'constant_':
      return void init.constant_(t, n('val')!)
    case 'ones_':
      return void init.ones_(t)
    case 'zeros_':
      return void init.zeros_(t)
    default:
      throw new Error(`no init ${c.fn}`)
  }
}

describe('seeded initialisation matches PyTorch', () => {
  for (const c of cases) {
    it(c.name, () => {
      manualSeed(c.seed)
      const expected = c.expected as Record<string, Encoded>
      if (c.fn === 'Linear') {
        const layer = new Linear(c.args![0], c.args![1], { bias: c.bias, dtype: c.dtype })
        const state = layer.stateDict()
        expect(Object.keys(state)).toEqual(Object.keys(expected))
        for (const [name, v] of Object.entries(expected)) expectClose(state[name], v, name)
      } else if (c.fn === 'Embedding') {
        const layer = new Embedding(c.args![0], c.args![1], { paddingIdx: c.paddingIdx })
        expectClose(layer.weight, expected.weight, 'weight')
      } else {
        const t = zeros(c.shape!, { dtype: c.dtype, requiresGrad: true })
        runInit(c, t)
        expectClose(t, c.expected as Encoded, c.fn)
        expect(t.requiresGrad && t.isLeaf).toBe(true)
      }
    })
  }

  it('Linear init is bit-for-bit PyTorch in float32', () => {
    const c = cases.find((x) => x.fn === 'Linear' && x.dtype === 'float32')!
    manualSeed(c.seed)
    const layer = new Linear(c.args![0], c.args![1])
    expect([...layer.weight.dataSync()]).toEqual(
      (c.expected as Record<string, Encoded>).weight.data,
    )
  })

  it('calculateGain gives PyTorch’s gains', () => {
    for (const g of gains)
      expect(init.calculateGain(g.nonlinearity, g.param)).toBeCloseTo(g.gain, 15)
  })

  it('rejects fans of tensors with fewer than 2 dims and unknown modes', () => {
    expect(() => init.kaimingUniform_(zeros([3]))).toThrow(/fewer than 2 dimensions/)
    expect(() => init.kaimingUniform_(zeros([3, 2]), { mode: 'fan_avg' as init.FanMode })).toThrow(
      /fan_in, fan_out/,
    )
  })
})

describe('dropout matches PyTorch’s mask for the same seed', () => {
  for (const c of dropout) {
    it(c.name, () => {
      const x = decode(c.input, true)
      manualSeed(c.seed)
      const y = F.dropout(x, c.p, true)
      expectClose(y, c.output, 'output')
      y.backward(decode(c.gradOutput))
      expectClose(x.grad, c.gradInput, 'gradient of the input')
    })
  }

  it('is the identity for p = 0 and in eval mode, and zero for p = 1', () => {
    const x = decode(dropout[0].input)
    expect(F.dropout(x, 0)).toBe(x)
    expect(F.dropout(x, 0.5, false)).toBe(x)
    expect([...F.dropout(x, 1).dataSync()].every((v) => v === 0)).toBe(true)
    expect(() => F.dropout(x, 1.5)).toThrow(/between 0 and 1, but got 1.5/)
  })
})
